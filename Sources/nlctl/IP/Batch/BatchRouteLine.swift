import NetlinkCore
import NetlinkRoute

/// The common `route` change line of a pipelined `-force -batch`, read straight from its bytes:
///
/// ```
/// route { add | change | chg | replace | prepend | append | test | delete } PREFIX
///       [ via ADDRESS ] [ dev NAME ] [ src ADDRESS ] [ metric N ] [ table T ] [ proto P ]
///       [ scope S ] [ onlink ]
/// ```
///
/// (the object and verb abbreviated as `ip` allows; `oif` for `dev`; `priority`, `preference`
/// for `metric`; `protocol` for `proto`). No word array, no dispatch: each value is parsed by the
/// same function the general parser (``RouteCommand/modify(_:context:kind:)``) uses, and the
/// route is completed by the same ``RouteCommand/completeRoute(_:family:scope:tableGiven:gatewayGiven:deleting:)``,
/// so the request is the same. Anything else on the line (quotes, another keyword, a route type,
/// `via inet6`, a value the parser refuses, a missing argument) makes ``parse(_:optionFamily:)``
/// return `nil`, and the line takes the general path, which gives the error `ip` gives.
struct BatchRouteLine {
    var kind: RouteCommand.Change
    /// The route without its output device (resolved by name afterwards) and not yet completed.
    var route: Route
    var family: AddressFamily
    var scope: UInt8?
    var tableGiven = false
    var gatewayGiven = false
    /// The range of the device name within the parsed bytes.
    var device: Range<Int>?

    /// The object words that mean `route` (its abbreviations no earlier object takes).
    static let routeWords: [[UInt8]] = (1...5).compactMap { length in
        let word = String("route".prefix(length))
        return IPTool.object(named: word) == "route" ? Array(word.utf8) : nil
    }

    /// Reads a line (without its newline or comment); `nil` when it is not of the shape above.
    static func parse(_ line: UnsafeBufferPointer<UInt8>, optionFamily: AddressFamily) -> BatchRouteLine? {
        var cursor = WordCursor(line)
        guard let object = cursor.next(), routeWords.contains(where: { cursor.equals(object, $0) }) else { return nil }
        guard let verb = cursor.next(), let kind = verbKind(verb, cursor) else { return nil }
        let deleting = kind == .delete
        var parsed = BatchRouteLine(
            kind: kind, route: RouteCommand.initialRoute(deleting: deleting), family: optionFamily)
        var destinationGiven = false
        while let word = cursor.next() {
            let first = line[word.lowerBound]
            if first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") {
                guard !destinationGiven else { return nil }
                if parsed.family == 0 || parsed.family == 2, let (address, length) = cursor.dottedIPv4Prefix(word) {
                    // The common case on the bytes, as ``RouteCommand/parsePrefix(_:family:)`` reads it.
                    parsed.route.destination = address
                    parsed.route.destinationPrefixLength = length
                    parsed.family = 2
                } else {
                    guard let value = try? RouteCommand.prefix(cursor.string(word), family: parsed.family) else { return nil }
                    parsed.route.destination = value.address
                    parsed.route.destinationPrefixLength = value.length
                    if parsed.family == 0 { parsed.family = value.family }
                }
                destinationGiven = true
            } else if cursor.equals(word, "dev") || cursor.equals(word, "oif") {
                guard let name = cursor.next() else { return nil }
                parsed.device = name
            } else if cursor.equals(word, "via") {
                guard !parsed.gatewayGiven, let text = cursor.next() else { return nil }
                let string = cursor.string(text)
                guard string != "inet", string != "inet6",
                    let value = try? RouteCommand.address(string, family: parsed.family)
                else { return nil }
                let family = AddressFamily(of: value)
                if parsed.family == 0 { parsed.family = family }
                if family == parsed.family { parsed.route.gateway = value } else { parsed.route.via = RouteVia(value) }
                parsed.gatewayGiven = true
            } else if cursor.equals(word, "src") {
                guard let text = cursor.next(), let value = try? RouteCommand.address(cursor.string(text), family: parsed.family) else {
                    return nil
                }
                if parsed.family == 0 { parsed.family = AddressFamily(of: value) }
                parsed.route.preferredSource = value
            } else if cursor.equals(word, "metric") || cursor.equals(word, "priority") || cursor.equals(word, "preference") {
                guard let text = cursor.next(), let value = InetText.unsigned(cursor.string(text)) else { return nil }
                parsed.route.priority = value
            } else if cursor.equals(word, "table") {
                guard let text = cursor.next(), let value = RouteCommand.parseTable(cursor.string(text)) else { return nil }
                parsed.route.table = RouteTable(rawValue: value)
                parsed.tableGiven = true
            } else if cursor.equals(word, "proto") || cursor.equals(word, "protocol") {
                guard let text = cursor.next(), let value = RouteCommand.parseProtocol(cursor.string(text)) else { return nil }
                parsed.route.protocol = RouteProtocol(rawValue: value)
            } else if cursor.equals(word, "scope") {
                guard let text = cursor.next(), let value = RouteCommand.parseScope(cursor.string(text)) else { return nil }
                parsed.scope = value
            } else if cursor.equals(word, "onlink") {
                parsed.route.flags.insert(.onlink)
            } else {
                return nil
            }
        }
        guard destinationGiven, !cursor.quoted else { return nil }
        return parsed
    }

    /// The route, completed with its output device (`index`), as ``RouteCommand/modify(_:context:kind:)`` completes it.
    func completed(outputIndex index: Int32?) -> Route {
        var route = route
        route.outputIndex = index
        RouteCommand.completeRoute(
            &route, family: family, scope: scope, tableGiven: tableGiven, gatewayGiven: gatewayGiven, deleting: kind == .delete)
        return route
    }

    /// The verb as ``RouteCommand/run(_:context:)`` resolves it: the first change verb it abbreviates.
    private static func verbKind(_ verb: Range<Int>, _ cursor: WordCursor) -> RouteCommand.Change? {
        if cursor.abbreviates(verb, "add") { return .add }
        if cursor.abbreviates(verb, "change") || cursor.equals(verb, "chg") { return .change }
        if cursor.abbreviates(verb, "replace") { return .replace }
        if cursor.abbreviates(verb, "prepend") { return .prepend }
        if cursor.abbreviates(verb, "append") { return .append }
        if cursor.abbreviates(verb, "test") { return .test }
        if cursor.abbreviates(verb, "delete") { return .delete }
        return nil
    }
}

/// The words of a batch line, split as ``Batch/splitArguments(_:)`` splits them, as ranges of the
/// line's bytes; a word that starts with a quote ends the walk (the general splitter handles it).
struct WordCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Set when a quoted word was met: the line is not for the byte-level path.
    private(set) var quoted = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    @inline(__always) private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    /// The next word's range, or `nil` at the end of the line (or at a quoted word).
    mutating func next() -> Range<Int>? {
        let end = bytes.count
        while index < end && Self.isBlank(bytes[index]) { index += 1 }
        guard index < end, !quoted else { return nil }
        if bytes[index] == UInt8(ascii: "'") || bytes[index] == UInt8(ascii: "\"") {
            quoted = true
            return nil
        }
        let start = index
        while index < end && !Self.isBlank(bytes[index]) { index += 1 }
        return start..<index
    }

    /// Whether the word is exactly `keyword`.
    func equals(_ word: Range<Int>, _ keyword: StaticString) -> Bool {
        guard word.count == keyword.utf8CodeUnitCount else { return false }
        let expected = keyword.utf8Start
        for offset in 0..<word.count where bytes[word.lowerBound + offset] != expected[offset] { return false }
        return true
    }

    /// Whether the word is exactly `keyword`.
    func equals(_ word: Range<Int>, _ keyword: [UInt8]) -> Bool {
        guard word.count == keyword.count else { return false }
        for offset in 0..<word.count where bytes[word.lowerBound + offset] != keyword[offset] { return false }
        return true
    }

    /// Whether the word is a non-empty prefix of `keyword` (iproute2's `matches`).
    func abbreviates(_ word: Range<Int>, _ keyword: StaticString) -> Bool {
        guard !word.isEmpty, word.count <= keyword.utf8CodeUnitCount else { return false }
        let expected = keyword.utf8Start
        for offset in 0..<word.count where bytes[word.lowerBound + offset] != expected[offset] { return false }
        return true
    }

    /// The word as an IPv4 prefix in its plain form: 1 to 4 dot-separated decimal parts of at most
    /// 255 without a leading zero (missing parts are 0), then optionally `/` and a decimal length of
    /// at most 32 without a leading zero (32 without). `nil` for anything else; ``RouteCommand/parsePrefix(_:family:)`` then
    /// reads the word, with the same result for the texts accepted here.
    func dottedIPv4Prefix(_ word: Range<Int>) -> (IPAddress, UInt8)? {
        var parts: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        var part = 0
        var value = 0
        var digits = 0
        var index = word.lowerBound
        let end = word.upperBound
        while index < end {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                // A leading zero (`ip` reads `010` as octal) is left to the general parser.
                if digits == 1 && value == 0 { return nil }
                value = value * 10 + Int(byte &- UInt8(ascii: "0"))
                digits += 1
                if value > 255 { return nil }
            } else if byte == UInt8(ascii: "."), digits > 0, part < 3 {
                withUnsafeMutableBytes(of: &parts) { $0[part] = UInt8(value) }
                part += 1
                value = 0
                digits = 0
            } else {
                break
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        withUnsafeMutableBytes(of: &parts) { $0[part] = UInt8(value) }
        var length: UInt8 = 32
        if index < end {
            guard bytes[index] == UInt8(ascii: "/"), end - index == 2 || end - index == 3 && bytes[index + 1] != UInt8(ascii: "0") else {
                return nil
            }
            var number = 0
            for position in (index + 1)..<end {
                let byte = bytes[position]
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                number = number * 10 + Int(byte &- UInt8(ascii: "0"))
            }
            guard number <= 32 else { return nil }
            length = UInt8(number)
        }
        return (.v4(IPv4Address(parts.0, parts.1, parts.2, parts.3)), length)
    }

    /// The word as a `String` (short words are stored inline: no allocation).
    func string(_ word: Range<Int>) -> String {
        String(rawBytes: UnsafeBufferPointer(rebasing: bytes[word]))
    }
}
