import Glibc
/// iproute2's `matches(prefix, word)`: `arg` is a non-empty prefix of `keyword` (how `ip` accepts
/// abbreviations: `a` for `address`, `sh` for `show`). Which keyword an abbreviation picks depends
/// on the order the keywords are tried, as in `ip`.
func matches(_ arg: String, _ keyword: String) -> Bool {
    // One memcmp over the two strings' UTF-8 (a generic `starts(with:)`, then a byte loop over two
    // iterators, were each a measurable part of long batches: every line resolves its object and
    // verb through here).
    let argBytes = arg.utf8
    let keywordBytes = keyword.utf8
    let count = argBytes.count
    guard count > 0, count <= keywordBytes.count else { return false }
    let compared = argBytes.withContiguousStorageIfAvailable { a in
        keywordBytes.withContiguousStorageIfAvailable { k in memcmp(a.baseAddress!, k.baseAddress!, count) == 0 }
    }
    if let compared, let compared { return compared }
    return keywordBytes.starts(with: argBytes)
}

/// The words of a command, read left to right (iproute2's `NEXT_ARG()` style).
struct Words {
    private(set) var items: [String]
    private(set) var index = 0

    init(_ items: [String]) { self.items = items }

    var isEmpty: Bool { index >= items.count }
    var current: String? { isEmpty ? nil : items[index] }
    var remaining: [String] { Array(items[index...]) }

    /// Whether one of the words not read yet is `word` (without copying them).
    func remainingContains(_ word: String) -> Bool { items[index...].contains(word) }

    mutating func next() -> String? {
        guard let word = current else { return nil }
        index += 1
        return word
    }

    /// The argument of `keyword`: the next word, or iproute2's "Command line is not complete" error.
    mutating func argument(of keyword: String) throws(CommandError) -> String {
        guard let word = next() else { throw CommandError.incomplete }
        return word
    }

    /// The argument of `keyword` as a number of at most `maximum` (`strtoul` base 0, as ip's
    /// `get_u8`/`get_u16`/`get_u32`), or ip's `invarg` error with `reason`.
    mutating func number(of keyword: String, maximum: UInt32 = .max, reason: String) throws(CommandError) -> UInt32 {
        let text = try argument(of: keyword)
        guard let value = InetText.unsigned(text), value <= maximum else { throw CommandError.invalidArgument(text, reason) }
        return value
    }
}
