import Glibc

/// ss's buffered columns (`out`, `field_next`, `render` of ss 6.1): every line's fields are kept,
/// then each column is as wide as its longest field (plus its left delimiter) and every field is
/// padded to it — so a line ends in spaces when a later column is wider. On a terminal the spare
/// width of the screen is spread over the columns, as ss does; otherwise the layout is compact.
///
/// Output is rendered in batches of about 5 MiB of fields (ss's five 1 MiB chunks), widths
/// measured per batch as ss measures them.
struct SSTable {
    enum Column: Int, CaseIterable {
        case netid, state, receiveQueue, sendQueue, localAddress, localPort, peerAddress, peerPort, extra, process
    }

    static let headers = ["Netid", "State", "Recv-Q", "Send-Q", "Local Address:", "Port", "Peer Address:", "Port", "Process", ""]
    static let delimiters: [[UInt8]] = [[], [32], [32], [32], [32], [], [32], [], [], []]
    enum Alignment { case left, right }
    static let alignments: [Alignment] = [.left, .left, .left, .left, .right, .left, .right, .left, .left, .left]

    var disabled = [Bool](repeating: false, count: 10)
    /// The fields of the batch, column by column of the enabled ones, line after line: their bytes
    /// one after the other, and where each ends.
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var maxLength = [Int](repeating: 0, count: 10)
    /// The column the next field belongs to.
    private var current = 0
    /// Where the field being written starts in `bytes`.
    private var fieldStart = 0
    /// Bytes the batch would take in ss's chunks (16-bit length, data aligned to two).
    private var chunkBytes = 0
    private var chunks = 1
    static let chunkSize = 1024 * 1024 - 16
    static let maximumChunks = 5
    let output: BufferedOutput
    let screenWidth: Int?

    init(output: BufferedOutput, screenWidth: Int?) {
        self.output = output
        self.screenWidth = screenWidth
    }

    /// ss's `out`: text appended to the current field (nothing for a disabled column).
    mutating func out(_ text: String) {
        guard !disabled[current] else { return }
        started = true
        bytes.append(contentsOf: text.utf8)
    }

    mutating func out(bytes: some Sequence<UInt8>) {
        guard !disabled[current] else { return }
        started = true
        self.bytes.append(contentsOf: bytes)
    }

    /// Appends to the current field with `body` (numbers and addresses written in place).
    mutating func out(_ body: (inout [UInt8]) -> Void) {
        guard !disabled[current] else { return }
        started = true
        body(&bytes)
    }

    /// Whether anything was written since the last render (ss allocates its buffer at the first
    /// `out`, and `render` with no buffer prints nothing).
    private var started = false

    /// ss's `field_next`: the field is done, the next column begins (a full batch is rendered at
    /// the end of a line).
    mutating func next() {
        if current == Column.process.rawValue, chunks >= Self.maximumChunks {
            render()
            return
        }
        flush()
        current = current == Column.process.rawValue ? 0 : current + 1
    }

    /// ss's `field_set`: fields flushed up to `column`.
    mutating func set(_ column: Column) {
        while current != column.rawValue { next() }
    }

    private mutating func flush() {
        guard !disabled[current] else { return }
        let length = bytes.count - fieldStart
        maxLength[current] = max(maxLength[current], length)
        let size = 2 + (length + 1) & ~1
        if chunkBytes + size > Self.chunkSize {
            chunks += 1
            chunkBytes = 0
        }
        chunkBytes += size
        ends.append(bytes.count)
        fieldStart = bytes.count
    }

    /// ss's `print_header`: the header of every enabled column but the last.
    mutating func header() {
        while current != Column.process.rawValue {
            if !disabled[current] { out(Self.headers[current]) }
            next()
        }
    }

    /// ss's `render`: the batch printed, then forgotten.
    mutating func render() {
        // The field being written is printed too (ss's last token), but its length is not
        // measured: ss measures a field when it flushes it, and the last one never is.
        guard started else { return }
        started = false
        if !disabled[current] { ends.append(bytes.count) }
        guard !ends.isEmpty else { return }
        let widths = calculateWidths()
        var column = (0..<10).first { widths[$0] != 0 } ?? 0
        var lineStarted = false
        let storage = bytes, limits = ends
        output.write { buffer in
            var start = 0
            for end in limits {
                defer { start = end }
                let token = storage[start..<end]
                var printed = 0
                if lineStarted {
                    buffer.append(contentsOf: Self.delimiters[column])
                    printed = Self.delimiters[column].count
                }
                lineStarted = true
                let width = widths[column]
                if width > 0, Self.alignments[column] == .right {
                    let spaces = width - token.count - printed
                    if spaces > 0 {
                        buffer.append(contentsOf: repeatElement(UInt8(32), count: spaces))
                        printed += spaces
                    }
                }
                buffer.append(contentsOf: token)
                printed += token.count
                if width > 0, Self.alignments[column] == .left, width - printed > 0 {
                    buffer.append(contentsOf: repeatElement(UInt8(32), count: width - printed))
                }
                repeat {
                    if column == Column.process.rawValue {
                        buffer.append(10)
                        column = 0
                        lineStarted = false
                    } else {
                        column += 1
                    }
                } while disabled[column]
            }
            if lineStarted { buffer.append(10) }
        }
        // The measured lengths stay: ss never resets them, so a later batch (and each event of
        // -E) is at least as wide as the earlier ones.
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        fieldStart = 0
        chunkBytes = 0
        chunks = 1
        current = 0
    }

    /// ss's `render_calc_width`.
    private func calculateWidths() -> [Int] {
        var widths = [Int](repeating: 0, count: 10)
        var first = true
        let screen = screenWidth ?? Int.max
        for c in 0..<10 where !disabled[c] {
            widths[c] = !first && maxLength[c] > 0 ? maxLength[c] + Self.delimiters[c].count : maxLength[c]
            widths[c] = min(widths[c], screen)
            if widths[c] > 0 { first = false }
        }
        guard screenWidth != nil else { return widths }
        var length = 0, lineColumns = 0
        var endOfLine = -1
        var c = 0
        while c < 10 {
            defer { c += 1 }
            if widths[c] == 0 { continue }
            lineColumns += 1
            length += widths[c]
            let last = !((c + 1)..<10).contains { widths[$0] != 0 }
            if !last, length < screen { continue }
            if length != screen {
                if length > screen {
                    length -= widths[c]
                    c -= 1
                    lineColumns -= 1
                }
                let pad = screen - length
                if lineColumns > 0 {
                    let spacing = pad / lineColumns
                    var remainder = pad % lineColumns
                    var t = c
                    while t > endOfLine {
                        if widths[t] != 0 {
                            widths[t] += spacing
                            if remainder > 0 {
                                widths[t] += 1
                                remainder -= 1
                            }
                        }
                        t -= 1
                    }
                }
            }
            endOfLine = c
            length = 0
            lineColumns = 0
        }
        return widths
    }

    /// The terminal's width when standard output is one (ss's `render_screen_width`).
    static func terminalWidth() -> Int? {
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) != -1, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
