import NetlinkCore

/// The properties the fuzz targets check, shared by the libFuzzer entry points in `FuzzTesting/`
/// and by the corpus replay test of the main package (which sees this folder through the symlink
/// `Tests/NetlinkCoreTests/FuzzChecks`).
///
/// Each check takes the raw fuzz input and must never trap, whatever the bytes: a trap inside
/// NetlinkCore is a bug found. A property that does not hold (a round trip that differs, a getter
/// that accepts the wrong size) is thrown as ``Failure``; the fuzz entry points turn it into a trap,
/// the replay test into a test failure naming the file.
///
/// Work per input is bounded: inputs are cut at ``maximumInputSize`` and the walks count their steps.
public enum FuzzChecks {
    /// A property that did not hold.
    public struct Failure: Error, CustomStringConvertible {
        /// Which property, and the values that broke it.
        public var description: String

        init(_ description: String) { self.description = description }
    }

    /// The fuzz targets, by the name of their executable and corpus folder.
    public enum Target: String, CaseIterable, Sendable {
        /// A datagram: the message splitter, attributes at several family-header sizes, every typed
        /// getter, and the message round trip through the builder.
        case messages = "FuzzMessages"
        /// An attribute stream: the attribute tree round trip through the builder, nesting limits,
        /// and extended-ack offset resolution.
        case attributes = "FuzzAttributes"
        /// The payload of `NLMSG_ERROR` and `NLMSG_DONE`: decoding, the encode/decode round trip,
        /// the debug dump and the error text.
        case errors = "FuzzErrors"

        /// Runs this target's checks on one input.
        public func check(_ input: RawSpan) throws {
            let bounded = input.extracting(first: min(input.byteCount, FuzzChecks.maximumInputSize))
            switch self {
            case .messages: try FuzzChecks.checkMessages(bounded)
            case .attributes: try FuzzChecks.checkAttributes(bounded)
            case .errors: try FuzzChecks.checkErrors(bounded)
            }
        }
    }

    /// Inputs are cut to this many bytes (a datagram above 64 KiB brings no new path, only time).
    public static let maximumInputSize = 65_536

    /// Throws ``Failure`` unless `condition` holds.
    @inline(__always)
    static func require(_ condition: Bool, _ what: @autoclosure () -> String) throws(Failure) {
        if !condition { throw Failure(what()) }
    }

    /// Copies the bytes of a span.
    static func copy(_ span: RawSpan) -> [UInt8] {
        span.withUnsafeBytes { Array($0) }
    }

    /// Whether `text` holds `needle`, compared as UTF-8 bytes. (`String.contains` goes through the
    /// generic searcher of _StringProcessing, which costs a tenth of an input's check on its own.)
    static func utf8Contains(_ text: String, _ needle: String) -> Bool {
        let haystack = text.utf8
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return true }
        var index = haystack.startIndex
        while let found = haystack[index...].firstIndex(of: first) {
            if haystack[found...].starts(with: pattern) { return true }
            index = haystack.index(after: found)
        }
        return false
    }

    /// Runs `body` with the bytes of `array` as a span.
    static func withSpan<R>(of array: [UInt8], _ body: (RawSpan) throws -> R) rethrows -> R {
        try body(array.span.bytes)
    }
}
