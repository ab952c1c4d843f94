/// A JSON writer with the layout of iproute2's `json_writer.c`, so `nlctl -j` and `nlctl -j -p`
/// print what `ip -j` and `ip -j -p` print: `[{"a":1},{"b":2}]`, or pretty with four spaces per
/// level, arrays of plain values on one line (`[ "UP","LOWER_UP" ]`) and `[ {` / `} ]` around objects.
///
/// Unlike iproute2 it escapes every control character (`\u0001`), so the output is always valid JSON.
/// It writes UTF-8 bytes (``bytes``), which the printer hands to the output in chunks.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the next record needs a comma before it.
    private var needsComma = false
    private var depth = 0
    let pretty: Bool

    init(pretty: Bool) {
        self.pretty = pretty
        bytes.reserveCapacity(40_960)
    }

    /// Forgets what was written so far (after the printer took it).
    mutating func clear() { bytes.removeAll(keepingCapacity: true) }

    private mutating func endOfRecord() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    private mutating func endOfLine() {
        guard pretty else { return }
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<depth { ByteText.append("    ", to: &bytes) }
    }

    private mutating func begin(_ character: UInt8) {
        endOfRecord()
        bytes.append(character)
        depth += 1
        needsComma = false
    }

    private mutating func end(_ character: UInt8) {
        depth -= 1
        if needsComma { endOfLine() }
        bytes.append(character)
        needsComma = true
    }

    /// Opens a record that the caller writes itself as compact JSON (``Printer/compactRecord(_:)``):
    /// whether a comma must come before it. The record counts as written.
    mutating func takeRecordSeparator() -> Bool {
        defer { needsComma = true }
        return needsComma
    }

    /// Whether `string` goes into JSON as it is: no control character, quote or backslash to escape.
    static func isPlain(_ string: String) -> Bool {
        let plain = string.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            for byte in utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F { return false }
            return true
        }
        if let plain { return plain }
        for byte in string.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F { return false }
        return true
    }

    mutating func startObject() { begin(UInt8(ascii: "{")) }
    mutating func endObject() { end(UInt8(ascii: "}")) }

    mutating func startArray() {
        begin(UInt8(ascii: "["))
        if pretty { bytes.append(UInt8(ascii: " ")) }
    }

    mutating func endArray() {
        if pretty && needsComma { bytes.append(UInt8(ascii: " ")) }
        needsComma = false
        end(UInt8(ascii: "]"))
    }

    mutating func name(_ key: String) {
        endOfRecord()
        endOfLine()
        needsComma = false
        appendQuoted(key)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
    }

    mutating func value(_ value: JSONValue) {
        endOfRecord()
        switch value {
        case .string(let s): appendQuoted(s)
        case .unsigned(let v): ByteText.append(decimal: v, to: &bytes)
        case .signed(let v): ByteText.append(signed: v, to: &bytes)
        case .bool(let v): ByteText.append(v ? "true" : "false", to: &bytes)
        case .double(let v): ByteText.append(v.isFinite ? String(v) : "null", to: &bytes)
        case .number(let v): ByteText.append(v, to: &bytes)
        case .null: ByteText.append("null", to: &bytes)
        }
    }

    /// A string value that `body` writes and that needs no escaping (an address, a number).
    mutating func unescapedString(_ body: (inout [UInt8]) -> Void) {
        endOfRecord()
        bytes.append(UInt8(ascii: "\""))
        body(&bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A string value given as bytes (a name or an alias from the kernel, which need not be UTF-8):
    /// the UTF-8 sequences in it are written as for a string, and each byte that is not part of one
    /// as `\udcXX` (XX its value: the lone low surrogates of Python's "surrogateescape", which a
    /// reader can map back to the byte), so that the output stays valid JSON text.
    mutating func value(bytes value: [UInt8]) {
        endOfRecord()
        appendQuotedBytes(value)
    }

    private mutating func appendQuotedBytes(_ value: [UInt8]) {
        let hex: StaticString = "0123456789abcdef"
        bytes.append(UInt8(ascii: "\""))
        var index = 0
        while index < value.count {
            let length = String.wellFormedUTF8Length(value, at: index)
            if length == 0 {
                ByteText.append("\\udc", to: &bytes)
                bytes.append(hex.utf8Start[Int(value[index] >> 4)])
                bytes.append(hex.utf8Start[Int(value[index] & 0xF)])
                index += 1
                continue
            }
            appendEscaped(value[index..<index + length])
            index += length
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendQuoted(_ string: String) {
        // Most strings (keys, names, addresses) need no escape: copied in one go.
        let plain = string.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            for byte in utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xF4 { return false }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\""))
            return true
        }
        if plain == true { return }
        if string.containsRawBytes {
            // A name with bytes that are not UTF-8 (raw-byte scalars): as `value(bytes:)` writes it.
            appendQuotedBytes(string.rawBytes)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        appendEscaped(string.utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// UTF-8 as the inside of a JSON string: quotes, backslashes and control characters escaped.
    private mutating func appendEscaped(_ utf8: some Sequence<UInt8>) {
        for byte in utf8 {
            switch byte {
            case 0x09: ByteText.append("\\t", to: &bytes)
            case 0x0A: ByteText.append("\\n", to: &bytes)
            case 0x0D: ByteText.append("\\r", to: &bytes)
            case 0x0C: ByteText.append("\\f", to: &bytes)
            case 0x08: ByteText.append("\\b", to: &bytes)
            case 0x5C: ByteText.append("\\\\", to: &bytes)
            case 0x22: ByteText.append("\\\"", to: &bytes)
            case 0..<0x20, 0x7F:
                // \u00XX in lower-case hex; bytes of multi-byte characters (>= 0x80) go through as they are.
                let hex: StaticString = "0123456789abcdef"
                ByteText.append("\\u00", to: &bytes)
                bytes.append(hex.utf8Start[Int(byte >> 4)])
                bytes.append(hex.utf8Start[Int(byte & 0xF)])
            default:
                bytes.append(byte)
            }
        }
    }
}

/// A JSON value as `ip -j` prints it.
enum JSONValue: Equatable {
    case string(String)
    case unsigned(UInt64)
    case signed(Int64)
    case bool(Bool)
    case double(Double)
    /// A number already formatted (`jsonw_printf`: the bridge timers' `298.00`).
    case number(String)
    case null
}
