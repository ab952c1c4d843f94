/// A JSON writer with the layout of iproute2's `json_writer.c`, so `nlctl -j` and `nlctl -j -p`
/// print what `ip -j` and `ip -j -p` print: `[{"a":1},{"b":2}]`, or pretty with four spaces per
/// level, arrays of plain values on one line (`[ "UP","LOWER_UP" ]`) and `[ {` / `} ]` around objects.
///
/// Unlike iproute2 it escapes every control character (`\u0001`), so the output is always valid JSON.
struct JSONWriter {
    private(set) var text = ""
    private var separator: Character? = nil
    private var depth = 0
    let pretty: Bool

    init(pretty: Bool) { self.pretty = pretty }

    /// Takes what was written so far.
    mutating func take() -> String {
        defer { text = "" }
        return text
    }

    private mutating func endOfRecord() {
        if let separator { text.append(separator) }
        separator = ","
    }

    private mutating func endOfLine() {
        guard pretty else { return }
        text.append("\n")
        for _ in 0..<depth { text += "    " }
    }

    private mutating func begin(_ character: Character) {
        endOfRecord()
        text.append(character)
        depth += 1
        separator = nil
    }

    private mutating func end(_ character: Character) {
        depth -= 1
        if separator != nil { endOfLine() }
        text.append(character)
        separator = ","
    }

    mutating func startObject() { begin("{") }
    mutating func endObject() { end("}") }

    mutating func startArray() {
        begin("[")
        if pretty { text.append(" ") }
    }

    mutating func endArray() {
        if pretty && separator != nil { text.append(" ") }
        separator = nil
        end("]")
    }

    mutating func name(_ key: String) {
        endOfRecord()
        endOfLine()
        separator = nil
        appendQuoted(key)
        text.append(":")
        if pretty { text.append(" ") }
    }

    mutating func value(_ value: JSONValue) {
        endOfRecord()
        switch value {
        case .string(let s): appendQuoted(s)
        case .unsigned(let v): text += String(v)
        case .signed(let v): text += String(v)
        case .bool(let v): text += v ? "true" : "false"
        case .double(let v): text += v.isFinite ? String(v) : "null"
        case .number(let v): text += v
        case .null: text += "null"
        }
    }

    private mutating func appendQuoted(_ string: String) {
        text.append("\"")
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\t": text += "\\t"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\u{0C}": text += "\\f"
            case "\u{08}": text += "\\b"
            case "\\": text += "\\\\"
            case "\"": text += "\\\""
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text.append("\"")
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
