import Glibc

/// The binary files of `ip route save`, `ip address save` and `ip rule save`: a 32-bit magic number
/// in host order, then netlink messages exactly as the kernel sent them (headers included), each
/// padded to 4 bytes. Reading and writing them as iproute2 6.1 does, with its messages.
enum SavedDump {
    /// ip's `*_save_prep`: never binary to a terminal, then the magic number.
    static func beginSave(magic: UInt32, output: BufferedOutput) throws(CommandError) {
        if isatty(1) != 0 { throw CommandError("Not sending a binary stream to stdout", status: 1) }
        withUnsafeBytes(of: magic) { output.write(bytes: $0) }
    }

    /// Standard input, checked as ip checks it: not a terminal (`Can't restore OBJECT dump from a
    /// terminal`), the magic number first (ip's `fread` of one 4-byte element: a shorter file still
    /// fills the bytes it has). Returns the bytes after the magic number.
    static func read(magic: UInt32, object: String, status: Int32) throws(CommandError) -> [UInt8] {
        if isatty(0) != 0 { throw CommandError("Can't restore \(object) dump from a terminal", status: status) }
        var input: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = Glibc.read(0, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            input += chunk[0..<count]
        }
        var found: UInt32 = 0
        withUnsafeMutableBytes(of: &found) { for (index, byte) in input.prefix(4).enumerated() { $0[index] = byte } }
        guard found == magic, input.count >= 4 else {
            throw CommandError("Magic mismatch (\(input.count >= 4 ? 1 : 0) elems, \(String(found, radix: 16)) magic)", status: status)
        }
        return Array(input[4...])
    }

    /// ip's `rtnl_from_file`: each message whole (at most 16 KiB, ip's buffer), in order; a truncated
    /// or malformed one ends the walk with ip's message and `status`. `offset`: where `bytes` began in
    /// the file (after the magic number of a saved dump), for the position ip reports.
    static func forEachMessage(
        in bytes: [UInt8], status: Int32, offset fileOffset: Int = 4, _ body: ([UInt8]) async throws(CommandError) -> Void
    ) async throws(CommandError) {
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 16 else { throw CommandError("rtnl-from_file: truncated message", status: status) }
            let length = Int(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) })
            guard length >= 16, length <= 16_384 else {
                // ip's ftell: after the magic number and this header.
                throw CommandError("!!!malformed message: len=\(length) @\(offset + fileOffset + 16)", status: status)
            }
            let aligned = (length - 16 + 3) & ~3
            guard bytes.count - offset - 16 >= aligned else { throw CommandError("rtnl-from_file: truncated message", status: status) }
            try await body(Array(bytes[offset..<(offset + length)]))
            offset += 16 + aligned
        }
    }

    /// The header fields of a saved message: its type and flags.
    static func typeAndFlags(_ message: [UInt8]) -> (UInt16, UInt16) {
        message.withUnsafeBytes { ($0.loadUnaligned(fromByteOffset: 4, as: UInt16.self), $0.loadUnaligned(fromByteOffset: 6, as: UInt16.self)) }
    }
}
