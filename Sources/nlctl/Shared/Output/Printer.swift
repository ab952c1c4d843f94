import Glibc
import NetlinkCore

/// Prints objects the way iproute2's `json_print` does: each field once, as text (`ip`), or as a
/// JSON member (`ip -j`), from the same call.
///
/// - ``field(_:_:text:)`` is `print_*(PRINT_ANY, key, fmt, value)`: `text` in text mode, `key: value` in JSON.
/// - ``text(_:)`` is `PRINT_FP`: text mode only.
/// - ``json(_:_:)`` is `PRINT_JSON`: JSON only.
/// - ``newline()`` is `print_nl()`: a line break and nothing in JSON; `\` with `-o` (one line per object).
final class Printer {
    enum Mode { case text, json }

    let mode: Mode
    let oneline: Bool
    let output: BufferedOutput
    private var writer: JSONWriter

    init(json: Bool, pretty: Bool, oneline: Bool, output: BufferedOutput) {
        mode = json ? .json : .text
        self.oneline = oneline
        self.output = output
        writer = JSONWriter(pretty: pretty)
    }

    var isJSON: Bool { mode == .json }

    /// iproute2's `enum color_attr`: what a coloured field is.
    enum ColorAttribute: Int {
        case interfaceName, hardwareAddress, inet, inet6, operationalUp, operationalDown

        /// `ifa_family_color`: IPv4 and IPv6 addresses have a colour, other families none.
        static func family(_ family: UInt8) -> ColorAttribute? {
            family == 2 ? .inet : family == 10 ? .inet6 : nil
        }

        /// `oper_state_color`: UP green, DOWN red, the others none.
        static func operationalState(_ name: String) -> ColorAttribute? {
            name == "UP" ? .operationalUp : name == "DOWN" ? .operationalDown : nil
        }
    }

    /// The escape sequences of each ``ColorAttribute`` when colour is on (`-c`), else `nil`:
    /// iproute2's palettes — cyan, yellow, magenta, blue, green, red; bold on a dark background
    /// (`COLORFGBG` ending in 0-6 or 8).
    var palette: [[UInt8]]?

    /// Turns colour on as ip's `check_enable_color` does: never in JSON; with `-c` / `-color` /
    /// `-color=always`, or `-color=auto` when standard output is a terminal.
    func enableColor(_ option: GlobalOptions.Color) {
        guard mode == .text, option == .always || (option == .auto && isatty(1) == 1) else { return }
        var dark = false
        if let value = getenv("COLORFGBG").map({ String(cString: $0) }), let semicolon = value.lastIndex(of: ";") {
            let last = value[value.index(after: semicolon)...]
            dark = last.count == 1 && (("0"..."6").contains(last) || last == "8")
        }
        let codes = dark ? ["1;36", "1;33", "1;35", "1;34", "1;32", "1;31"] : ["36", "33", "35", "34", "32", "31"]
        palette = codes.map { Array("\u{1B}[\($0)m".utf8) }
    }

    /// iproute2's `color_fprintf`: in text with colour on, what `body` prints between the
    /// attribute's escape sequence and the reset (`ESC[0m`); otherwise `body` alone (no colour for a
    /// `nil` attribute, as `COLOR_NONE`).
    func colored(_ attribute: ColorAttribute?, _ body: () -> Void) {
        guard mode == .text, let palette, let attribute else { return body() }
        output.write(bytes: palette[attribute.rawValue])
        body()
        output.write(bytes: Printer.reset)
    }

    static let reset = Array("\u{1B}[0m".utf8)

    /// Whether colour is on (fast paths that write bytes directly step aside).
    var colors: Bool { palette != nil }

    private func flushJSON() {
        if writer.bytes.isEmpty { return }
        output.write(bytes: writer.bytes)
        writer.clear()
    }

    /// Text mode only.
    func text(_ string: String) {
        if mode == .text { output.write(string) }
    }

    /// JSON only.
    func json(_ key: String?, _ value: JSONValue) {
        guard mode == .json else { return }
        if let key { writer.name(key) }
        writer.value(value)
        flushIfLarge()
    }

    /// Both: `text` in text mode (nothing when `nil`), `key: value` in JSON.
    func field(_ key: String?, _ value: JSONValue, text: String?) {
        switch mode {
        case .text: if let text { output.write(text) }
        case .json: json(key, value)
        }
    }

    /// Bytes that need not be UTF-8 (an alias from the kernel): as they are after `textPrefix` in
    /// text, as ip prints them; escaped in JSON (``JSONWriter/value(bytes:)``).
    func bytes(_ key: String, _ value: [UInt8], textPrefix: String) {
        switch mode {
        case .text:
            output.write(textPrefix)
            output.write(bytes: value)
        case .json:
            writer.name(key)
            writer.value(bytes: value)
            flushIfLarge()
        }
    }

    func string(_ key: String?, _ value: String, text: String? = nil) {
        field(key, .string(value), text: text ?? value)
    }

    func unsigned(_ key: String?, _ value: UInt64, text: String? = nil) {
        field(key, .unsigned(value), text: text ?? String(value))
    }

    func signed(_ key: String?, _ value: Int64, text: String? = nil) {
        field(key, .signed(value), text: text ?? String(value))
    }

    // MARK: Fields written without making Strings (the hot paths of big listings)

    /// Text only, a static string.
    func text(_ string: StaticString) {
        if mode == .text { output.write(string) }
    }

    /// A string field: `prefix value suffix` in text, `"key":"value"` in JSON.
    func string(_ key: String?, _ value: String, prefix: StaticString, suffix: StaticString = " ") {
        switch mode {
        case .text:
            output.write { buffer in
                ByteText.append(prefix, to: &buffer)
                ByteText.append(value, to: &buffer)
                ByteText.append(suffix, to: &buffer)
            }
        case .json:
            if let key { writer.name(key) }
            writer.value(.string(value))
            flushIfLarge()
        }
    }

    /// An unsigned field: `prefix value suffix` in text, `"key":value` in JSON.
    func unsigned(_ key: String, _ value: UInt64, prefix: StaticString, suffix: StaticString = " ") {
        number(key, .unsigned(value), prefix: prefix, suffix: suffix) { ByteText.append(decimal: value, to: &$0) }
    }

    /// A signed field: `prefix value suffix` in text, `"key":value` in JSON.
    func signed(_ key: String, _ value: Int64, prefix: StaticString, suffix: StaticString = " ") {
        number(key, .signed(value), prefix: prefix, suffix: suffix) { ByteText.append(signed: value, to: &$0) }
    }

    /// A number field: `prefix digits suffix` in text (`digits` writes them), `value` in JSON.
    private func number(
        _ key: String, _ value: JSONValue, prefix: StaticString, suffix: StaticString, _ digits: (inout [UInt8]) -> Void
    ) {
        switch mode {
        case .text:
            output.write { buffer in
                ByteText.append(prefix, to: &buffer)
                digits(&buffer)
                ByteText.append(suffix, to: &buffer)
            }
        case .json:
            writer.name(key)
            writer.value(value)
            flushIfLarge()
        }
    }

    /// A string field that `body` writes as bytes and that needs no JSON escaping (an address, a
    /// prefix): `prefix value suffix` in text, `"key":"value"` in JSON.
    func unescaped(_ key: String, prefix: StaticString, suffix: StaticString = " ", _ body: (inout [UInt8]) -> Void) {
        switch mode {
        case .text:
            output.write { buffer in
                ByteText.append(prefix, to: &buffer)
                body(&buffer)
                ByteText.append(suffix, to: &buffer)
            }
        case .json:
            writer.name(key)
            writer.unescapedString(body)
            flushIfLarge()
        }
    }

    /// Lets `body` write JSON directly (one access to the writer for a whole object); JSON mode only.
    func withJSON(_ body: (inout JSONWriter) -> Void) {
        guard mode == .json else { return }
        body(&writer)
        flushIfLarge()
    }

    /// Whether ``compactRecord(_:)`` may be used: JSON, not pretty.
    var isCompactJSON: Bool { mode == .json && !writer.pretty }

    /// Appends one whole record of compact JSON (``isCompactJSON``) that `body` writes as bytes
    /// straight into the output, after a comma when one is due: the fast path of big listings.
    /// `body` must write exactly what the writer would (keys in order, strings escaped).
    func compactRecord(_ body: (inout [UInt8]) -> Void) {
        precondition(isCompactJSON, "compactRecord needs compact JSON mode")
        let comma = writer.takeRecordSeparator()
        if !writer.bytes.isEmpty { flushJSON() }
        output.write { buffer in
            if comma { buffer.append(UInt8(ascii: ",")) }
            body(&buffer)
        }
    }

    /// An address field: `prefix address suffix` in text, `"key":"address"` in JSON.
    func address(_ key: String, _ address: IPAddress, prefix: StaticString, suffix: StaticString = " ") {
        unescaped(key, prefix: prefix, suffix: suffix) { ByteText.append(address, to: &$0) }
    }

    /// `print_nl()`.
    func newline() {
        if mode == .text { output.write(oneline ? "\\" : "\n") }
    }

    /// The end of an object's text: always a real line break (also with `-o`).
    func endLine() {
        if mode == .text { output.write("\n") }
    }

    /// A key for the next object opened without one (monitor puts each event's object under its kind).
    var nextObjectKey: String?

    func openObject(_ key: String? = nil) {
        guard mode == .json else { return }
        if let key = key ?? nextObjectKey { writer.name(key) }
        nextObjectKey = nil
        writer.startObject()
    }

    func closeObject() {
        guard mode == .json else { return }
        writer.endObject()
        flushIfLarge()
    }

    func openArray(_ key: String? = nil) {
        guard mode == .json else { return }
        if let key { writer.name(key) }
        writer.startArray()
    }

    func closeArray() {
        guard mode == .json else { return }
        writer.endArray()
        flushIfLarge()
    }

    /// Starts the output of a command: `[` in JSON (`new_json_obj`).
    func begin() {
        if mode == .json { writer.startArray() }
    }

    /// Ends it: `]` and a newline in JSON (`delete_json_obj`); flushes.
    func finish() {
        if mode == .json {
            writer.endArray()
            flushJSON()
            output.write("\n")
        }
        output.flush()
    }

    private func flushIfLarge() {
        if writer.bytes.count > 32_768 { flushJSON() }
    }

    /// Flushes what is pending to the output (for monitor: one object per line).
    func flush() {
        flushJSON()
        output.flush()
    }
}
