import Glibc
import NetlinkCore

/// Standard output through a 64 KiB buffer: printing a million routes costs one `write` per 64 KiB,
/// not one per line. A closed pipe (`EPIPE`) ends the program quietly, like `ip`.
///
/// Besides `String`s it takes bytes, static strings, decimals and addresses written straight into
/// the buffer (see ``ByteText``), so that the hot paths of big listings make no `String` at all.
final class BufferedOutput {
    private(set) var buffer: [UInt8] = []
    private let descriptor: Int32
    private let limit = 65_536

    init(descriptor: Int32 = 1) {
        self.descriptor = descriptor
        buffer.reserveCapacity(limit + 4_096)
    }

    func write(_ text: String) {
        ByteText.append(text, to: &buffer)
        if buffer.count >= limit { flush() }
    }

    func write(_ text: StaticString) {
        ByteText.append(text, to: &buffer)
        if buffer.count >= limit { flush() }
    }

    func write(bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { flush() }
    }

    /// Lets `body` append to the buffer directly.
    func write(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= limit { flush() }
    }

    func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(0) }
                break
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

/// Text appended as UTF-8 bytes to a buffer, without making `String`s: what `"\(value)"` would
/// print, byte for byte.
enum ByteText {
    /// A name's raw-byte scalars (bytes that are not UTF-8, see `String(rawBytes:)`) go out as
    /// their bytes, as ip prints them.
    @inline(__always)
    static func append(_ text: String, to buffer: inout [UInt8]) {
        // memchr for the raw-byte scalars' lead byte (a generic `contains` compared byte by byte
        // through a witness table: a measurable part of printing a link).
        let plain = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard let base = utf8.baseAddress else { return true }
            if memchr(base, 0xF4, utf8.count) != nil { return false }
            buffer.append(contentsOf: utf8)
            return true
        }
        if plain != true { buffer.append(contentsOf: text.rawBytes) }
    }

    @inline(__always)
    static func append(_ text: StaticString, to buffer: inout [UInt8]) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    /// `value` in decimal.
    static func append(decimal value: UInt64, to buffer: inout [UInt8]) {
        // Up to three digits (every octet of an address, most lengths and indexes) one byte at a time.
        if value < 10 {
            buffer.append(UInt8(truncatingIfNeeded: value) &+ 48)
        } else if value < 100 {
            buffer.append(UInt8(truncatingIfNeeded: value / 10) &+ 48)
            buffer.append(UInt8(truncatingIfNeeded: value % 10) &+ 48)
        } else if value < 1000 {
            buffer.append(UInt8(truncatingIfNeeded: value / 100) &+ 48)
            buffer.append(UInt8(truncatingIfNeeded: value / 10 % 10) &+ 48)
            buffer.append(UInt8(truncatingIfNeeded: value % 10) &+ 48)
        } else {
            var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
            var count = 0
            var rest = value
            withUnsafeMutableBytes(of: &digits) { scratch in
                while rest > 0 {
                    count += 1
                    scratch[24 - count] = UInt8(truncatingIfNeeded: rest % 10) &+ 48
                    rest /= 10
                }
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[(24 - count)...]))
            }
        }
    }

    /// `value` in decimal, with a minus sign when negative.
    static func append(signed value: Int64, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        append(decimal: value.magnitude, to: &buffer)
    }

    /// Dotted-quad notation, as ``IPv4Address/description``.
    static func append(_ address: IPv4Address, to buffer: inout [UInt8]) {
        let value = address.value
        append(decimal: UInt64(value >> 24), to: &buffer)
        buffer.append(UInt8(ascii: "."))
        append(decimal: UInt64(value >> 16 & 0xFF), to: &buffer)
        buffer.append(UInt8(ascii: "."))
        append(decimal: UInt64(value >> 8 & 0xFF), to: &buffer)
        buffer.append(UInt8(ascii: "."))
        append(decimal: UInt64(value & 0xFF), to: &buffer)
    }

    /// `KEYWORD VALUE `: one field of an `ip` text line, with its trailing space.
    @inline(__always)
    static func appendField(_ keyword: StaticString, _ value: String, to buffer: inout [UInt8]) {
        append(keyword, to: &buffer)
        buffer.append(UInt8(ascii: " "))
        append(value, to: &buffer)
        buffer.append(UInt8(ascii: " "))
    }

    /// `KEYWORD ADDRESS `: one field of an `ip` text line, with its trailing space.
    @inline(__always)
    static func appendField(_ keyword: StaticString, _ address: IPAddress, to buffer: inout [UInt8]) {
        append(keyword, to: &buffer)
        buffer.append(UInt8(ascii: " "))
        append(address, to: &buffer)
        buffer.append(UInt8(ascii: " "))
    }

    /// What `"\(address)"` prints (IPv6 through its description).
    static func append(_ address: IPAddress, to buffer: inout [UInt8]) {
        switch address {
        case .v4(let v4): append(v4, to: &buffer)
        case .v6: append(address.description, to: &buffer)
        }
    }
}

/// Writes a line to standard error at once (unbuffered), like `fprintf(stderr, ...)`. An empty
/// text writes nothing: an error that ip reports by its exit status alone.
func printError(_ text: String) {
    if text.isEmpty { return }
    var bytes = text.rawBytes
    bytes.append(UInt8(ascii: "\n"))
    _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
}
