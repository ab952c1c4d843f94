import Glibc
import Testing

/// The requests a tool sends, captured with `strace -e write=all` (every thread), for comparing
/// what ip and nlctl ask of the kernel where this kernel cannot do it (the kinds and tunnels it
/// lacks): the netlink header but for sequence and port, the fixed header, and every attribute
/// byte for byte (top-level attributes as a set: ip adds them in the order of the words, nlctl in
/// the structure's order; a nest is one attribute, compared whole). Padding is not compared: ip
/// leaves some as its buffer was (`rta_addattr8` writes one byte of four).
enum RequestCapture {

    /// Whether strace is there (an issue recorded when not: CI installs it).
    static func available(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard access("/usr/bin/strace", X_OK) == 0 else {
            Issue.record("strace is not installed (scripts/install-reference-tools.sh installs it): the requests cannot be captured",
                         sourceLocation: sourceLocation)
            return false
        }
        return true
    }

    /// Runs `arguments` under strace (every thread), returns the program's own run and the
    /// messages of the given types it sent.
    static func traced(_ arguments: [String], types: Set<Int>) async -> (Run, [[UInt8]]) {
        let log = "/tmp/nlctl-encap-trace-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(log) }
        // LeakSanitizer cannot run under ptrace: an ASan build of nlctl (CI's asan-nlctl stage)
        // would end with its fatal error and status 1. Leaks are checked by the other tests.
        let sanitizer = getenv("ASAN_OPTIONS").map { String(cString: $0) + ":" } ?? ""
        let result = await run(["/usr/bin/env", "ASAN_OPTIONS=\(sanitizer)detect_leaks=0", "/usr/bin/strace", "-f", "-qq", "-o", log,
                                "-e", "trace=sendmsg,sendto", "-e", "write=all", "-xx", "-s", "0"] + arguments)
        guard let text = try? String(contentsOfFile: log) else { return (result, []) }
        var messages: [[UInt8]] = []
        for datagram in datagrams(text) {
            var offset = 0
            while offset + 16 <= datagram.count {
                let length = Int(datagram[offset]) | Int(datagram[offset + 1]) << 8 | Int(datagram[offset + 2]) << 16 | Int(datagram[offset + 3]) << 24
                guard length >= 16, offset + length <= datagram.count else { break }
                let type = Int(datagram[offset + 4]) | Int(datagram[offset + 5]) << 8
                if types.contains(type) { messages.append(Array(datagram[offset..<(offset + length)])) }
                offset += (length + 3) & ~3
            }
        }
        return (result, messages)
    }

    /// The bytes of each send in strace's `-e write=all` dumps: a line naming the call starts one,
    /// each ` | OFFSET  xx xx ...` line adds its bytes (the buffers of one `sendmsg` in order).
    static func datagrams(_ text: String) -> [[UInt8]] {
        var result: [[UInt8]] = []
        for line in text.split(separator: "\n") {
            if line.contains("sendmsg(") || line.contains("sendto(") {
                result.append([])
                continue
            }
            guard let bar = line.firstIndex(of: "|"), !result.isEmpty else { continue }
            let body = line[line.index(after: bar)...]
            let fields = body.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 1, fields[0].count == 5 else { continue }
            // The hex columns end where the ASCII column begins (two spaces before its text).
            let hexPart = body.prefix(56)
            for field in hexPart.split(separator: " ").dropFirst() where field.count == 2 {
                if let byte = UInt8(field, radix: 16) { result[result.count - 1].append(byte) }
            }
        }
        return result
    }

    /// A message for comparison: its header without sequence and port, its fixed header, its
    /// attributes sorted.
    static func canonical(_ message: [UInt8]) -> [[UInt8]] {
        // rtmsg 12, nhmsg 8, ifinfomsg 16.
        let fixed = message[4] == 104 ? 8 : message[4] == 16 ? 16 : 12
        guard message.count >= 16 + fixed else { return [message] }
        var parts: [[UInt8]] = [Array(message[0..<8]), Array(message[16..<(16 + fixed)])]
        var attributes: [[UInt8]] = []
        var offset = 16 + fixed
        while offset + 4 <= message.count {
            let length = Int(message[offset]) | Int(message[offset + 1]) << 8
            guard length >= 4, offset + length <= message.count else {
                attributes.append(Array(message[offset...]))
                break
            }
            let type = Int(message[offset + 2]) | Int(message[offset + 3]) << 8
            attributes.append(withoutPadding(Array(message[offset..<(offset + length)]), nested: type & 0x8000 != 0, multipath: type == 9))
            offset += (length + 3) & ~3
        }
        parts += attributes.sorted { $0.lexicographicallyPrecedes($1) }
        return parts
    }

    /// An attribute with the padding of the attributes inside it zeroed (those inside a nest —
    /// `NLA_F_NESTED` —, and inside each `struct rtnexthop` of `RTA_MULTIPATH`).
    static func withoutPadding(_ attribute: [UInt8], nested: Bool, multipath: Bool) -> [UInt8] {
        guard nested || multipath else { return attribute }
        var bytes = attribute
        func clean(_ start: Int, _ end: Int) {
            var offset = start
            while offset + 4 <= end {
                let length = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
                guard length >= 4, offset + length <= end else { return }
                let type = Int(bytes[offset + 2]) | Int(bytes[offset + 3]) << 8
                if type & 0x8000 != 0 { clean(offset + 4, offset + length) }
                let padded = min((length + 3) & ~3, end - offset)
                for index in (offset + length)..<(offset + padded) { bytes[index] = 0 }
                offset += padded
            }
        }
        if multipath {
            var offset = 4
            while offset + 8 <= bytes.count {
                let length = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
                guard length >= 8, offset + length <= bytes.count else { break }
                clean(offset + 8, offset + length)
                offset += (length + 3) & ~3
            }
        } else {
            clean(4, bytes.count)
        }
        return bytes
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
