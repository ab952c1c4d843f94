import NetlinkCore
import NetlinkRoute

/// ip 6.1's `lwt_parse_encap` for `route add ... encap TYPE ...`, a multipath hop's `encap` and
/// `nexthop add ... encap`: the words of every type read as ip reads them (its errors, its duplicate
/// checks; a word the type does not know ends it and goes back to the route), encoded as the
/// attributes nested in `RTA_ENCAP` / `NHA_ENCAP` in ip's order. This kernel makes `ip` and `ip6`
/// tunnels; it refuses the others with its own error ("lwt encapsulation type not supported"),
/// which nlctl then prints as ip does. `bpf` (and seg6local's `endpoint`), which need an eBPF
/// object loaded first, are refused here (not yet built), never ignored.
///
/// Where ip 6.1 misreads a line, nlctl reads what the words say (the README lists these): an
/// `ioam6` encap or a seg6local `srh segs LIST` at the end of the line (ip then takes the last
/// word for a second destination), and `xfrm`, whose unknown words ip skips silently (nlctl ends
/// the encap there, as every other type does).
enum EncapParse {
    static let types: [String: UInt16] = [
        "mpls": 1, "ip": 2, "ila": 3, "ip6": 4, "seg6": 5, "bpf": 6, "seg6local": 7, "rpl": 8, "ioam6": 9, "xfrm": 10,
    ]

    /// Reads `TYPE ARGS...` after the word `encap`; returns the type and the nested attributes.
    /// `context` names the devices of seg6local's `iif`/`oif` and xfrm's `link_dev`.
    static func parse(_ words: inout Words, context: Context) async throws(CommandError) -> (type: UInt16, attributes: [UInt8]) {
        let typeName = try words.argument(of: "encap")
        if typeName == "help" { throw CommandError(typeUsage, status: 255) }
        guard let type = types[typeName] else { throw CommandError.invalidArgument(typeName, "\"encap type\" value is invalid\n") }
        guard words.current != nil else { throw CommandError.incomplete }
        guard words.remaining.count > 1 else { throw CommandError("Error: unexpected end of line after \"encap\"", status: 255) }
        var builder = NetlinkMessageBuilder()
        switch type {
        case 1: try mpls(&words, into: &builder)
        case 2, 4: try tunnel(&words, v6: type == 4, into: &builder)
        case 3: try ila(&words, into: &builder)
        case 5: try segmentRouting(&words, into: &builder)
        case 7: try await segmentRoutingLocal(&words, context: context, into: &builder)
        case 8: try rpl(&words, into: &builder)
        case 9: try ioam6(&words, into: &builder)
        case 10: try await xfrm(&words, context: context, into: &builder)
        default: throw CommandError("Error: \"encap \(typeName)\" is not supported by nlctl yet (it loads an eBPF object).", status: 255)
        }
        return (type, builder.bytes)
    }

    /// ip's `encap_type_usage` (`encap help`).
    static let typeUsage = "Usage: nlctl route ... encap TYPE [ OPTIONS ] [...]\n"
        + ["mpls", "ip", "ila", "ip6", "seg6", "bpf", "seg6local", "rpl", "ioam6", "xfrm"].enumerated()
        .map { "\($0.element) \($0.offset == 0 ? "TYPE := " : "      ")" }.joined(separator: "\n")

    static func mpls(_ words: inout Words, into builder: inout NetlinkMessageBuilder) throws(CommandError) {
        let text = words.next() ?? ""
        guard let labels = mplsLabels(text) else { throw CommandError("Error: mpls address is expected rather than \"\(text)\".", status: 1, endsBatch: true) }
        try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(1, bytes: labels) }
        var ttlGiven = false
        while words.current == "ttl" {
            _ = words.next()
            let value = try words.argument(of: "ttl")
            if ttlGiven { throw CommandError.duplicateOrGarbage(key: "ttl", value) }
            ttlGiven = true
            guard let ttl = InetText.unsigned(value), ttl <= 255 else { throw CommandError.invalidArgument(value, "\"ttl\" value is invalid\n") }
            try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(2, uint8: UInt8(ttl)) }
        }
    }

    /// `mpls_pton`: labels of 20 bits separated by `/`, the last with the bottom-of-stack bit.
    static func mplsLabels(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 30 else { return nil }
        var bytes: [UInt8] = []
        for (index, part) in parts.enumerated() {
            guard let label = InetText.unsigned(String(part)), label < 1 << 20 else { return nil }
            let entry = label << 12 | (index == parts.count - 1 ? 0x100 : 0)
            bytes += [UInt8(entry >> 24), UInt8(entry >> 16 & 0xFF), UInt8(entry >> 8 & 0xFF), UInt8(entry & 0xFF)]
        }
        return bytes
    }

    /// `parse_encap_ip` / `parse_encap_ip6`: id, dst, src, tos/tc, ttl/hoplimit and the key, csum
    /// and seq flags, each at most once, in the order given; the flags last.
    static func tunnel(_ words: inout Words, v6: Bool, into builder: inout NetlinkMessageBuilder) throws(CommandError) {
        let family: AddressFamily = v6 ? 10 : 2
        let hopWord = v6 ? "hoplimit" : "ttl", classWord = v6 ? "tc" : "tos"
        var seen = Set<String>()
        var flags: UInt16 = 0
        while let word = words.current {
            let flag: UInt16? = ["key": 0x0400, "csum": 0x0100, "seq": 0x0800][word]
            guard flag != nil || ["id", "dst", "src", hopWord, classWord, "geneve_opts", "vxlan_opts", "erspan_opts"].contains(word) else { break }
            _ = words.next()
            if let flag {
                if !seen.insert(word).inserted { throw CommandError.duplicateOrGarbage(key: word, word) }
                flags |= flag
                continue
            }
            let key = word.hasSuffix("_opts") ? "opts" : word
            if word.hasSuffix("_opts"), seen.contains("opts") { throw CommandError.duplicateOrGarbage(key: "opts", word) }
            let value = try words.argument(of: word)
            if !seen.insert(key).inserted { throw CommandError.duplicateOrGarbage(key: key, value) }
            switch word {
            case "id":
                guard let id = InetText.unsigned64(value) else { throw CommandError.invalidArgument(value, "\"id\" value is invalid\n") }
                try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(1, uint64: id, .bigEndian) }
            case "dst", "src":
                let address = try RouteCommand.address(value, family: family)
                try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(word == "dst" ? 2 : 3, ip: address) }
            case hopWord:
                guard let hops = InetText.unsigned(value), hops <= 255 else { throw CommandError.invalidArgument(value, "\"\(word)\" value is invalid\n") }
                try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(4, uint8: UInt8(hops)) }
            case classWord:
                guard let tos = RouteCommand.parseDSField(value) else { throw CommandError.invalidArgument(value, "\"\(word)\" value is invalid\n") }
                try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(5, uint8: tos) }
            default:
                try tunnelOptions(word, value, into: &builder)
            }
        }
        if flags != 0 { try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(6, uint16: flags, .host) } }
    }

    /// `geneve_opts CLASS:TYPE:DATA[,...]`, `vxlan_opts GBP` or `erspan_opts VER:INDEX:DIR:HWID`
    /// (ip's `lwtunnel_parse_*_opts`): `LWTUNNEL_IP_OPTS` holding one nest per option; an empty
    /// field is left out. A fifth field (a fourth for geneve) is ip's "Unknown" line, then its error.
    static func tunnelOptions(_ word: String, _ value: String, into builder: inout NetlinkMessageBuilder) throws(CommandError) {
        // ip's strsep has cut the text at its first separator when it reports it.
        let separators: Set<Character> = word == "geneve_opts" ? [":", ","] : word == "erspan_opts" ? [":"] : []
        let invalid = CommandError.invalidArgument(String(value.prefix { !separators.contains($0) }), "\"\(word)\" value is invalid\n")
        var options = NetlinkMessageBuilder()
        // Each field: its attribute type and how it is written (nil: the text is not a value).
        func fields(_ text: Substring, _ writers: [(String) -> [UInt8]?]) throws(CommandError) -> [UInt8] {
            var nested = NetlinkMessageBuilder()
            for (index, field) in text.split(separator: ":", omittingEmptySubsequences: false).enumerated() {
                guard index < writers.count else {
                    throw CommandError("Unknown \"geneve_opts\" type\n" + invalid.message, status: 255)
                }
                if field.isEmpty { continue }
                guard let payload = writers[index](String(field)) else { throw invalid }
                try encode { () throws(NetlinkEncodingError) in try nested.appendAttribute(UInt16(index + 1), bytes: payload) }
            }
            return nested.bytes
        }
        func u8(_ text: String) -> [UInt8]? { InetText.unsigned(text).flatMap { $0 <= 255 ? [UInt8($0)] : nil } }
        func be16(_ text: String) -> [UInt8]? { InetText.unsigned(text).flatMap { $0 <= 0xFFFF ? [UInt8($0 >> 8), UInt8($0 & 0xFF)] : nil } }
        func be32(_ text: String) -> [UInt8]? { InetText.unsigned(text).map { withUnsafeBytes(of: $0.bigEndian) { Array($0) } } }
        func hex(_ text: String) -> [UInt8]? {
            let digits = Array(text.utf8)
            var bytes: [UInt8] = []
            for index in stride(from: 0, to: digits.count / 2 * 2, by: 2) {
                guard let high = hexDigit(digits[index]), let low = hexDigit(digits[index + 1]) else { return nil }
                bytes.append(high << 4 | low)
            }
            return bytes
        }
        switch word {
        case "geneve_opts":
            for option in value.split(separator: ",", omittingEmptySubsequences: false) {
                let nested = try fields(option, [be16, u8, hex])
                try encode { () throws(NetlinkEncodingError) in try options.appendNested(1, encoded: nested) }
            }
        case "vxlan_opts":
            guard let gbp = InetText.unsigned(value) else { throw invalid }
            var nested = NetlinkMessageBuilder()
            try encode { () throws(NetlinkEncodingError) in
                try nested.appendAttribute(1, uint32: gbp, .host)
                try options.appendNested(2, encoded: nested.bytes)
            }
        default:
            let nested = try fields(Substring(value), [u8, be32, u8, u8])
            try encode { () throws(NetlinkEncodingError) in try options.appendNested(3, encoded: nested) }
        }
        try encode { () throws(NetlinkEncodingError) in try builder.appendNested(8, encoded: options.bytes) }
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// ip's `parse_encap_ila`: the locator (four hexadecimal groups), then any of `csum-mode`,
    /// `ident-type`, `hook-type` by name.
    static func ila(_ words: inout Words, into builder: inout NetlinkMessageBuilder) throws(CommandError) {
        let text = words.next() ?? ""
        guard let locator = locator(text) else { throw CommandError("Bad locator: \(text)", status: 1) }
        try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(1, bytes: locator) }
        let names: [(word: String, attribute: UInt16, values: [String: UInt8])] = [
            ("csum-mode", 7, ["adj-transport": 0, "neutral-map": 1, "no-action": 2, "neutral-map-auto": 3]),
            ("ident-type", 8, ["luid": 1, "use-format": 32]),
            ("hook-type", 9, ["output": 0, "input": 1]),
        ]
        while let word = words.current, let entry = names.first(where: { $0.word == word }) {
            _ = words.next()
            let value = try words.argument(of: word)
            guard let number = entry.values[value] else { throw CommandError.invalidArgument(value, "\"\(word)\" value is invalid\n") }
            try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(entry.attribute, uint8: number) }
        }
    }

    /// iproute2's `get_addr64`: up to four groups of at most four hexadecimal digits, `:` between
    /// them, in network order (groups not given are zero).
    static func locator(_ text: String) -> [UInt8]? {
        let groups = text.split(separator: ":", omittingEmptySubsequences: false)
        guard groups.count <= 4 else { return nil }
        var bytes: [UInt8] = []
        for group in groups {
            guard !group.isEmpty, let value = UInt32(group, radix: 16), value <= 0xFFFF else { return nil }
            bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
        }
        return bytes + [UInt8](repeating: 0, count: 8 - bytes.count)
    }

    /// ip's `parse_encap_seg6`: `mode` (before `segs`), `segs A,B,...`, `hmac KEYID`, each once,
    /// as `SEG6_IPTUNNEL_SRH`: the mode (-1 when none was given, as ip sends it) and the header.
    static func segmentRouting(_ words: inout Words, into builder: inout NetlinkMessageBuilder) throws(CommandError) {
        var mode: Int32 = -1
        var segments = ""
        var hmac: UInt32 = 0
        var seen = Set<String>()
        while let word = words.current, ["mode", "segs", "hmac"].contains(word) {
            _ = words.next()
            let value = try words.argument(of: word)
            if !seen.insert(word).inserted { throw CommandError.duplicateOrGarbage(key: word, value) }
            switch word {
            case "mode":
                guard let index = segmentRoutingModes.firstIndex(of: value) else { throw CommandError.invalidArgument(value, "\"mode\" value is invalid\n") }
                mode = Int32(index)
            case "segs":
                if mode == -1 { throw CommandError.invalidArgument(value, "\"segs\" provided before \"mode\"\n") }
                segments = value
            default:
                hmac = InetText.unsigned(value) ?? 0   // ip ignores get_u32's failure: no HMAC
            }
        }
        let header = try segmentRoutingHeader(segments, hmac: hmac, encapsulating: mode != 0)
        try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(1, bytes: withUnsafeBytes(of: mode) { Array($0) } + header) }
    }

    static let segmentRoutingModes = ["inline", "encap", "l2encap", "encap.red", "l2encap.red"]

    /// The segments of `A,B,...` (at most 1,023 characters read, as ip's buffer): the number of
    /// commas plus one, and the non-empty addresses in order.
    static func segmentList(_ text: String) throws(CommandError) -> (count: Int, addresses: [IPAddress]) {
        let kept = String(decoding: text.utf8.prefix(1023), as: UTF8.self)
        let count = kept.utf8.filter { $0 == UInt8(ascii: ",") }.count + 1
        var addresses: [IPAddress] = []
        for part in kept.split(separator: ",") { addresses.append(try RouteCommand.address(String(part), family: 10)) }
        return (count, addresses)
    }

    /// ip's `parse_srh`: a type-4 routing header with the segments last first (an inline header
    /// keeps segment 0 free for the destination), and with `hmac` the HMAC TLV (key ID, zeros).
    static func segmentRoutingHeader(_ text: String, hmac: UInt32, encapsulating: Bool) throws(CommandError) -> [UInt8] {
        let (listed, addresses) = try segmentList(text)
        let count = listed + (encapsulating ? 0 : 1)
        let length = 8 + 16 * count + (hmac != 0 ? 40 : 0)
        var header = [UInt8](repeating: 0, count: length)
        header[1] = UInt8(truncatingIfNeeded: length / 8 - 1)
        header[2] = 4
        header[3] = UInt8(truncatingIfNeeded: count - 1)
        header[4] = UInt8(truncatingIfNeeded: count - 1)
        if hmac != 0 { header[5] = 0x08 }
        for (offset, address) in addresses.enumerated() {
            let slot = count - 1 - offset
            header.replaceSubrange((8 + 16 * slot)..<(8 + 16 * slot + 16), with: address.bytes)
        }
        if hmac != 0 {
            let tlv = length - 40
            header[tlv] = 5
            header[tlv + 1] = 38
            header.replaceSubrange((tlv + 4)..<(tlv + 8), with: withUnsafeBytes(of: hmac.bigEndian) { Array($0) })
        }
        return header
    }

    /// ip's `parse_encap_rpl`: `segs A,B,...` as `RPL_IPTUNNEL_SRH`, a type-3 header whose
    /// segments left count every listed segment.
    static func rpl(_ words: inout Words, into builder: inout NetlinkMessageBuilder) throws(CommandError) {
        var segments = ""
        var given = false
        while words.current == "segs" {
            _ = words.next()
            let value = try words.argument(of: "segs")
            if given { throw CommandError.duplicateOrGarbage(key: "segs", value) }
            given = true
            segments = value
        }
        let (count, addresses) = try segmentList(segments)
        var header = [UInt8](repeating: 0, count: 8 + 16 * count)
        header[1] = UInt8(truncatingIfNeeded: (8 + 16 * count) / 8 - 1)
        header[2] = 3
        header[3] = UInt8(truncatingIfNeeded: count)
        for (offset, address) in addresses.enumerated() {
            let slot = count - 1 - offset
            header.replaceSubrange((8 + 16 * slot)..<(8 + 16 * slot + 16), with: address.bytes)
        }
        try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(1, bytes: header) }
    }

    /// ip's `parse_encap_ioam6`: `[freq K/N] [mode inline|encap|auto] [tundst ADDR] trace prealloc
    /// type T ns N size S`, in that order; sent as FREQ_K, FREQ_N, MODE, DST (not inline) and the
    /// 8-byte trace header.
    static func ioam6(_ words: inout Words, into builder: inout NetlinkMessageBuilder) throws(CommandError) {
        func missing(_ key: String) -> CommandError { CommandError("Error: argument \"\(key)\" is required", status: 255) }
        var frequency: (k: UInt32, n: UInt32) = (1, 1)
        if words.current == "freq" {
            _ = words.next()
            let text = try words.argument(of: "freq")
            guard text.utf8.count <= 15 else { throw CommandError.invalidArgument(text, "Invalid frequency (too long)") }
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let k = decimal(parts[0]), let n = decimal(parts[1]) else {
                throw CommandError.invalidArgument(text, "Invalid frequency (malformed)")
            }
            guard (1...1_000_000).contains(k) else { throw CommandError.invalidArgument(text, "Out of bound \"k\" frequency") }
            guard (1...1_000_000).contains(n) else { throw CommandError.invalidArgument(text, "Out of bound \"n\" frequency") }
            guard k <= n else { throw CommandError.invalidArgument(text, "Frequency with k > n is forbidden") }
            frequency = (k, n)
            guard words.current != nil else { throw CommandError.incomplete }
        }
        var mode: UInt8 = 1
        if words.current == "mode" {
            _ = words.next()
            let text = try words.argument(of: "mode")
            guard let index = ["inline", "encap", "auto"].firstIndex(of: text) else { throw CommandError.invalidArgument(text, "Invalid mode") }
            mode = UInt8(index + 1)
            guard words.current != nil else { throw CommandError.incomplete }
        }
        var destination: IPAddress?
        if words.current == "tundst" {
            if mode == 1 { throw CommandError.invalidArgument("tundst", "Inline mode does not need tundst") }
            _ = words.next()
            destination = try RouteCommand.address(try words.argument(of: "tundst"), family: 10)
            guard words.current != nil else { throw CommandError.incomplete }
        } else if mode != 1 {
            throw missing("tundst")
        }
        guard words.next() == "trace" else { throw missing("trace") }
        guard let prealloc = words.next() else { throw CommandError.incomplete }
        guard prealloc == "prealloc" else { throw missing("prealloc") }
        var traceType: UInt32 = 0, namespace: UInt16?, size: UInt16 = 0
        while let word = words.current, ["type", "ns", "size"].contains(word) {
            _ = words.next()
            let text = try words.argument(of: word)
            switch word {
            case "type":
                if traceType != 0 { throw CommandError.duplicateOrGarbage(key: "type", text) }
                guard let value = InetText.unsigned(text), value != 0 else { throw CommandError.invalidArgument(text, "Invalid trace type") }
                traceType = value
            case "ns":
                if namespace != nil { throw CommandError.duplicateOrGarbage(key: "ns", text) }
                guard let value = InetText.unsigned(text), value <= 0xFFFF else { throw CommandError.invalidArgument(text, "Invalid namespace ID") }
                namespace = UInt16(value)
            default:
                if size != 0 { throw CommandError.duplicateOrGarbage(key: "size", text) }
                guard let value = InetText.unsigned(text), value <= 0xFFFF, value != 0 else { throw CommandError.invalidArgument(text, "Invalid trace size") }
                guard value % 4 == 0 else { throw CommandError.invalidArgument(text, "Trace size must be a 4-octet multiple") }
                guard value <= 244 else { throw CommandError.invalidArgument(text, "Trace size is too big") }
                size = UInt16(value)
            }
        }
        guard traceType != 0 else { throw missing("type") }
        guard let namespace else { throw missing("ns") }
        guard size != 0 else { throw missing("size") }
        // struct ioam6_trace_hdr: namespace ID (big-endian), node length and overflow (0), the
        // remaining length in 4-octet units, the trace type (24 bits, big-endian, then 8 zero bits).
        let trace = [UInt8(namespace >> 8), UInt8(namespace & 0xFF), 0, UInt8(size / 4)] + withUnsafeBytes(of: (traceType << 8).bigEndian) { Array($0) }
        try encode { () throws(NetlinkEncodingError) in
            try builder.appendAttribute(4, uint32: frequency.k, .host)
            try builder.appendAttribute(5, uint32: frequency.n, .host)
            try builder.appendAttribute(1, uint8: mode)
            if let destination { try builder.appendAttribute(2, ip: destination) }
            try builder.appendAttribute(3, bytes: trace)
        }
    }

    /// `get_u32` with base 10: decimal digits only, within 32 bits.
    static func decimal(_ text: Substring) -> UInt32? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return UInt32(text)
    }

    /// ip's `parse_encap_xfrm`: `if_id ID` (required, not 0) and `link_dev NAME`, each once.
    static func xfrm(_ words: inout Words, context: Context, into builder: inout NetlinkMessageBuilder) async throws(CommandError) {
        let usage = CommandError("Usage: nlctl route ... encap xfrm if_id IF_ID [ link_dev LINK ]", status: 255)
        var seen = Set<String>()
        while let word = words.current, ["if_id", "link_dev", "help"].contains(word) {
            _ = words.next()
            if word == "help" { throw usage }
            let text = try words.argument(of: word)
            if !seen.insert(word).inserted { throw CommandError.duplicateOrGarbage(key: word, text) }
            if word == "if_id" {
                guard let value = InetText.unsigned(text), value != 0 else { throw CommandError.invalidArgument(text, "\"if_id\" value is invalid\n") }
                try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(1, uint32: value, .host) }
            } else {
                let index = try await deviceIndex(text, context: context)
                try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(2, uint32: index, .host) }
            }
        }
        if !seen.contains("if_id") { throw usage }
    }

    /// ip's `ll_name_to_index`, or its `nodev` message and exit status 255.
    static func deviceIndex(_ name: String, context: Context) async throws(CommandError) -> UInt32 {
        guard let index = try await context.index(ofLink: name) else { throw CommandError("Cannot find device \"\(name)\"", status: 255) }
        return UInt32(bitPattern: index)
    }

    /// ip's `parse_encap_seg6local`: the action (required) and its parameters in the order given,
    /// the `srh` last. `endpoint` (an eBPF program) is not built.
    static func segmentRoutingLocal(_ words: inout Words, context: Context, into builder: inout NetlinkMessageBuilder) async throws(CommandError) {
        var seen = Set<String>()
        var action: UInt32 = 0
        var segments: String?
        var hmac: UInt32 = 0
        func once(_ key: String, _ text: String) throws(CommandError) {
            if !seen.insert(key).inserted { throw CommandError.duplicateOrGarbage(key: key, text) }
        }
        loop: while let word = words.current {
            switch word {
            case "action":
                _ = words.next()
                let text = try words.argument(of: word)
                try once(word, text)
                guard let index = segmentRoutingActions.firstIndex(of: text), index > 0 else {
                    throw CommandError.invalidArgument(text, "\"action\" value is invalid\n")
                }
                action = UInt32(index)
                try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(1, uint32: action, .host) }
            case "table", "vrftable":
                _ = words.next()
                let text = try words.argument(of: word)
                try once(word, text)
                guard let table = RouteCommand.parseTable(text) else {
                    throw CommandError.invalidArgument(text, word == "table" ? "invalid table id\n" : "invalid vrf table id\n")
                }
                try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(word == "table" ? 3 : 9, uint32: table, .host) }
            case "nh4", "nh6":
                _ = words.next()
                let text = try words.argument(of: word)
                try once(word, text)
                let address = try RouteCommand.address(text, family: word == "nh4" ? 2 : 10)
                try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(word == "nh4" ? 4 : 5, ip: address) }
            case "iif", "oif":
                _ = words.next()
                let text = try words.argument(of: word)
                try once(word, text)
                let index = try await deviceIndex(text, context: context)
                try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(word == "iif" ? 6 : 7, uint32: index, .host) }
            case "count":
                _ = words.next()
                try once(word, word)
                // SEG6_LOCAL_COUNTERS: packets, bytes and errors (2, 3, 4; 1 is the pad), zero
                // (the kernel starts them).
                try encode { () throws(NetlinkEncodingError) in
                    var counters = NetlinkMessageBuilder()
                    for attribute in UInt16(2)...4 { try counters.appendAttribute(attribute, uint64: 0, .host) }
                    try builder.appendNested(10, encoded: counters.bytes)
                }
            case "flavors":
                _ = words.next()
                let text = try words.argument(of: word)
                try once(word, text)
                try flavors(text, &words, into: &builder)
            case "srh":
                _ = words.next()
                let text = try words.argument(of: word)
                try once(word, text)
                guard text == "segs" else { throw CommandError.invalidArgument(text, "missing \"segs\" attribute for srh\n") }
                let list = try words.argument(of: "segs")
                try once("segs", list)
                segments = list
                if words.current == "hmac" {
                    _ = words.next()
                    let value = try words.argument(of: "hmac")
                    try once("hmac", value)
                    hmac = InetText.unsigned(value) ?? 0
                }
            case "endpoint":
                throw CommandError("Error: seg6local \"endpoint\" is not supported by nlctl yet (it loads an eBPF object).", status: 255)
            default:
                break loop
            }
        }
        guard action != 0 else { throw CommandError("Missing action type", status: 255) }
        if let segments {
            let header = try segmentRoutingHeader(segments, hmac: hmac, encapsulating: action == 10)
            try encode { () throws(NetlinkEncodingError) in try builder.appendAttribute(2, bytes: header) }
        }
    }

    /// `SEG6_LOCAL_ACTION_*` by index (0 is no action).
    static let segmentRoutingActions = [
        "", "End", "End.X", "End.T", "End.DX2", "End.DX6", "End.DX4", "End.DT6", "End.DT4", "End.B6", "End.B6.Encaps",
        "End.BM", "End.S", "End.AS", "End.AM", "End.BPF", "End.DT46",
    ]

    /// seg6local `flavors NAME[,NAME...]` (psp, usp, usd, next-csid; any case, each once) as
    /// `SEG6_LOCAL_FLAVORS`: the operations' mask, and after `next-csid` its optional `lblen` and
    /// `nflen` bit counts.
    static func flavors(_ text: String, _ words: inout Words, into builder: inout NetlinkMessageBuilder) throws(CommandError) {
        let names = ["psp", "usp", "usd", "next-csid"]
        var mask: UInt32 = 0
        let invalid = CommandError.invalidArgument(text, "invalid \"flavors\" attribute\n")
        guard !text.isEmpty else { throw invalid }
        for name in text.split(separator: ",") {
            guard let index = names.firstIndex(of: name.lowercased()) else { throw invalid }
            let bit = UInt32(1) << (index + 1)
            if mask & bit != 0 { throw invalid }
            mask |= bit
        }
        var nested = NetlinkMessageBuilder()
        try encode { () throws(NetlinkEncodingError) in try nested.appendAttribute(1, uint32: mask, .host) }
        if mask & 1 << 4 != 0 {
            for (word, attribute, what) in [("lblen", UInt16(2), "locator-block length"), ("nflen", 3, "locator-node function length")] where words.current == word {
                _ = words.next()
                let value = try words.argument(of: word)
                guard let bits = InetText.unsigned(value), bits <= 255 else { throw CommandError.invalidArgument(value, "\"\(what)\" value is invalid\n") }
                try encode { () throws(NetlinkEncodingError) in try nested.appendAttribute(attribute, uint8: UInt8(bits)) }
            }
        }
        try encode { () throws(NetlinkEncodingError) in try builder.appendNested(11, encoded: nested.bytes) }
    }

    static func encode(_ body: () throws(NetlinkEncodingError) -> Void) throws(CommandError) {
        do throws(NetlinkEncodingError) {
            try body()
        } catch {
            throw CommandError("Error: cannot encode the encapsulation: \(error)", status: 255)
        }
    }
}
