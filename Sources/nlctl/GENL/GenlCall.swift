import Netlink
import NetlinkCore
import NetlinkGeneric

/// What genl 6.1 lacks, after its objects: `genl policy FAMILY [op CMD]` (the kernel's policy of a
/// family, or of one operation, printed as `ctrl policy` prints it) and `genl call FAMILY CMD [dump]
/// [version V] ATTRIBUTE...` — any request to any family, the replies decoded by the kernel's own
/// policy of the command and printed as a typed tree (`-j`: JSON).
///
/// ```text
/// ATTRIBUTE := { u8 | u16 | u32 | u64 | s8 | s16 | s32 | s64 } TYPE NUMBER | string TYPE TEXT
///            | flag TYPE | binary TYPE HEX | nest TYPE { ATTRIBUTE... }
/// ```
enum GenlCall {
    static let usage = """
        Usage: genl policy FAMILY [ op CMD ]
               genl call FAMILY CMD [ dump ] [ version V ] [ ATTRIBUTE ... ]
        ATTRIBUTE := { u8 | u16 | u32 | u64 | s8 | s16 | s32 | s64 } TYPE NUMBER | string TYPE TEXT
                   | flag TYPE | binary TYPE HEX | nest TYPE { ATTRIBUTE ... }
        """

    /// A number of a word (decimal, or hexadecimal after 0x) within `range`, or `nil`.
    static func number(_ word: String, maximum: UInt64) -> UInt64? {
        let value = word.hasPrefix("0x") ? UInt64(word.dropFirst(2), radix: 16) : UInt64(word)
        return value.flatMap { $0 <= maximum ? $0 : nil }
    }

    static func fail(_ text: String) -> Int32 {
        printError("Error: \(text)\n" + usage)
        return 255
    }

    static func policy(_ words: [String], options: ToolOptions, output: BufferedOutput) async -> Int32 {
        guard let family = words.first else { return fail("policy needs a FAMILY") }
        var operation: UInt32?
        let rest = Array(words.dropFirst())
        if !rest.isEmpty {
            guard rest.count == 2, rest[0] == "op", let command = number(rest[1], maximum: 255) else { return fail("expected \"op CMD\", got \"\(rest.joined(separator: " "))\"") }
            operation = UInt32(command)
        }
        guard let connection = GenlControl.connection(options: options) else { return 1 }
        let printer = Printer(json: options.json, pretty: false, oneline: false, output: output)
        printer.begin()
        do throws(NetlinkError) {
            for message in try await connection.genericPolicyMessages(family: family, operation: operation) { GenlControl.print(message, printer: printer) }
        } catch {
            printer.finish()
            printError(error.iproute2Description)
            return 2
        }
        printer.finish()
        return 0
    }

    /// Reads ATTRIBUTE... into `builder` until the end or a `}`; returns the rest, or an error text.
    static func encode(_ words: inout ArraySlice<String>, into builder: inout NetlinkMessageBuilder, depth: Int) -> String? {
        let widths: [String: (bytes: Int, signed: Bool)] = [
            "u8": (1, false), "u16": (2, false), "u32": (4, false), "u64": (8, false), "s8": (1, true), "s16": (2, true), "s32": (4, true), "s64": (8, true),
        ]
        while let kind = words.first {
            if kind == "}" { return depth > 0 ? nil : "a \"}\" without its \"{\"" }
            words.removeFirst()
            guard let typeWord = words.first, let type = number(typeWord, maximum: 0x3FFF) else { return "\"\(kind)\" needs an attribute TYPE (0...16383)" }
            words.removeFirst()
            do {
                if let width = widths[kind] {
                    guard let text = words.first else { return "\(kind) \(type) needs a NUMBER" }
                    words.removeFirst()
                    var bits: UInt64
                    if width.signed, text.hasPrefix("-") {
                        let limit = UInt64(1) << UInt64(width.bytes * 8 - 1)
                        guard let magnitude = number(String(text.dropFirst()), maximum: limit) else { return "\"\(text)\" is not an \(kind)" }
                        bits = 0 &- magnitude
                    } else {
                        let maximum = width.bytes == 8 ? (width.signed ? UInt64(Int64.max) : UInt64.max) : (UInt64(1) << UInt64(width.bytes * 8 - (width.signed ? 1 : 0))) - 1
                        guard let value = number(text, maximum: maximum) else { return "\"\(text)\" is not an \(kind)" }
                        bits = value
                    }
                    var bytes: [UInt8] = []
                    for index in 0..<width.bytes { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(8 * index))) }
                    try builder.appendAttribute(UInt16(type), bytes: bytes)
                } else if kind == "string" {
                    guard let text = words.first else { return "string \(type) needs a TEXT" }
                    words.removeFirst()
                    try builder.appendAttribute(UInt16(type), string: text)
                } else if kind == "flag" {
                    try builder.appendFlagAttribute(UInt16(type))
                } else if kind == "binary" {
                    guard let text = words.first, text.count % 2 == 0 else { return "binary \(type) needs an even number of HEX digits" }
                    words.removeFirst()
                    var bytes: [UInt8] = []
                    var index = text.startIndex
                    while index < text.endIndex {
                        let next = text.index(index, offsetBy: 2)
                        guard let byte = UInt8(text[index..<next], radix: 16) else { return "\"\(text)\" is not hexadecimal" }
                        bytes.append(byte)
                        index = next
                    }
                    try builder.appendAttribute(UInt16(type), bytes: bytes)
                } else if kind == "nest" {
                    guard words.first == "{" else { return "nest \(type) needs \"{\"" }
                    words.removeFirst()
                    guard depth < 16 else { return "nests deeper than 16" }
                    var problem: String?
                    try builder.appendNested(UInt16(type)) { b in problem = encode(&words, into: &b, depth: depth + 1) }
                    if let problem { return problem }
                    guard words.first == "}" else { return "nest \(type) has no \"}\"" }
                    words.removeFirst()
                } else {
                    return "\"\(kind)\" is not an attribute kind"
                }
            } catch {
                return "the attribute does not fit a message: \(error)"
            }
        }
        return depth > 0 ? "a \"{\" without its \"}\"" : nil
    }

    static func call(_ words: [String], options: ToolOptions, output: BufferedOutput) async -> Int32 {
        var rest = words[...]
        guard let family = rest.popFirst() else { return fail("call needs a FAMILY") }
        guard let commandWord = rest.popFirst(), let command = number(commandWord, maximum: 255) else { return fail("call needs a command number (0...255)") }
        var dump = false
        var version: UInt8?
        while let word = rest.first, word == "dump" || word == "version" {
            rest.removeFirst()
            if word == "dump" {
                dump = true
            } else {
                guard let text = rest.popFirst(), let value = number(text, maximum: 255) else { return fail("version needs a number (0...255)") }
                version = UInt8(value)
            }
        }
        var builder = NetlinkMessageBuilder()
        if let problem = encode(&rest, into: &builder, depth: 0) { return fail(problem) }
        guard let connection = GenlControl.connection(options: options) else { return 1 }
        let messages: [GenericDynamicMessage]
        do throws(NetlinkError) {
            messages = try await connection.genericCall(family: family, command: UInt8(command), version: version, dump: dump, attributes: builder.bytes)
        } catch {
            printError(error.iproute2Description)
            return 2
        }
        let printer = Printer(json: options.json, pretty: false, oneline: false, output: output)
        printer.begin()
        for message in messages {
            printer.openObject()
            printer.json("command", .unsigned(UInt64(message.command)))
            printer.json("version", .unsigned(UInt64(message.version)))
            printer.text("command \(message.command) version \(message.version)\n")
            printer.openArray("attributes")
            print(message.attributes, depth: 1, printer: printer)
            printer.closeArray()
            printer.closeObject()
        }
        printer.finish()
        return 0
    }

    /// Each attribute on a line (`[TYPE] KIND VALUE`, nests indented), or as JSON objects.
    static func print(_ attributes: [GenericDynamicAttribute], depth: Int, printer: Printer) {
        let indent = String(repeating: "    ", count: depth)
        for attribute in attributes {
            printer.openObject()
            printer.json("type", .unsigned(UInt64(attribute.type)))
            printer.json("kind", .string(attribute.value.kindName))
            printer.text("\(indent)[\(attribute.type)] \(attribute.value.kindName)")
            switch attribute.value {
            case .flag: printer.text("\n")
            case .unsigned(let value, _): printer.field("value", .unsigned(value), text: " \(value)\n")
            case .signed(let value, _): printer.field("value", .signed(value), text: " \(value)\n")
            case .string(let value): printer.field("value", .string(value), text: " \"\(value)\"\n")
            case .binary(let bytes): printer.field("value", .string(hex(bytes)), text: " \(hex(bytes))\n")
            case .malformed(let bytes, let reason): printer.field("value", .string(hex(bytes)), text: " \(hex(bytes)) (\(reason))\n")
            case .bitfield32(let value, let selector):
                printer.json("value", .unsigned(UInt64(value)))
                printer.json("selector", .unsigned(UInt64(selector)))
                printer.text(" value 0x\(String(value, radix: 16)) selector 0x\(String(selector, radix: 16))\n")
            case .nested(let inner), .nestedArray(let inner):
                printer.text("\n")
                printer.openArray("value")
                print(inner, depth: depth + 1, printer: printer)
                printer.closeArray()
            }
            printer.closeObject()
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}
