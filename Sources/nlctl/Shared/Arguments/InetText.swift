import Glibc
import NetlinkCore

/// How iproute2 reads numbers and IP addresses from its arguments (`lib/utils.c`), in one place,
/// so that a word means to every nlctl command what it means to `ip`:
///
/// - numbers go through C's `strtoul` with base 0: `0x18` is hexadecimal, `024` octal (20),
///   leading blanks and a sign are allowed, trailing characters are not;
/// - an IPv4 address is 1 to 4 dot-separated such numbers of at most 255, missing ones 0
///   (`10.1` is 10.1.0.0, `010.1.2.3` is 8.1.2.3, `0x0a.1.2.3` is 10.1.2.3);
/// - a text with a colon is an IPv6 address (`inet_pton`);
/// - a prefix length is such a number or a contiguous dotted mask (`255.255.0.0` is 16).
enum InetText {
    /// C's `strtoul(text, &end, 0)` from `start`: the value (nil when it overflowed 64 bits) and
    /// where the number ends; `end == start` when there were no digits.
    static func scanUnsigned(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (value: UInt64?, end: Int) {
        var index = start
        while index < bytes.count, isBlank(bytes[index]) { index += 1 }
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var radix: UInt64 = 10
        if index < bytes.count, bytes[index] == UInt8(ascii: "0") {
            radix = 8
            // "0x" counts as a hexadecimal prefix only when a hexadecimal digit follows.
            if index + 2 < bytes.count, bytes[index + 1] | 0x20 == UInt8(ascii: "x"), digit(bytes[index + 2], radix: 16) != nil {
                radix = 16
                index += 2
            }
        }
        var value: UInt64? = 0
        let first = index
        while index < bytes.count, let d = digit(bytes[index], radix: radix) {
            if let current = value {
                let (product, overflow1) = current.multipliedReportingOverflow(by: radix)
                let (sum, overflow2) = product.addingReportingOverflow(d)
                value = overflow1 || overflow2 ? nil : sum
            }
            index += 1
        }
        guard index > first else { return (0, start) }
        if negative, let magnitude = value { value = 0 &- magnitude }
        return (value, index)
    }

    /// iproute2's `get_unsigned`/`get_u32` with base 0: the whole text one number of at most
    /// `UInt32.max`.
    static func unsigned(_ text: String) -> UInt32? {
        unsigned64(text).flatMap { UInt32(exactly: $0) }
    }

    /// iproute2's `get_integer` with base 0: the whole text one `strtol` number within `int`
    /// (signed: `-1`, `0x10`, `010`).
    static func integer(_ text: String) -> Int32? {
        var bytes = Array(text.utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { buffer in
            var end: UnsafeMutablePointer<CChar>?
            let start = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            errno = 0
            let value = strtol(start, &end, 0)
            guard let end, end != UnsafeMutablePointer(mutating: start), end.pointee == 0, errno == 0 else { return nil }
            return Int32(exactly: value)
        }
    }

    /// iproute2's `get_u64` with base 0: the whole text one 64-bit number.
    static func unsigned64(_ text: String) -> UInt64? {
        var text = text
        return text.withUTF8 { bytes in
            let (value, end) = scanUnsigned(bytes, from: 0)
            guard end > 0, end == bytes.count else { return nil }
            return value
        }
    }

    /// iproute2's `get_addr_ipv4`.
    static func ipv4(_ text: some StringProtocol) -> IPv4Address? {
        var text = String(text)
        return text.withUTF8 { bytes in
            var parts: [UInt8] = [0, 0, 0, 0]
            var index = 0
            for part in 0..<4 {
                let (value, end) = scanUnsigned(bytes, from: index)
                guard end > index, let value, value <= 255 else { return nil }
                parts[part] = UInt8(value)
                if end == bytes.count { return IPv4Address(parts[0], parts[1], parts[2], parts[3]) }
                guard part < 3, bytes[end] == UInt8(ascii: ".") else { return nil }
                index = end + 1
            }
            return nil
        }
    }

    /// iproute2's `get_addr_1` for IPv4 and IPv6 addresses: `family` 2 or 10 restricts it, 0 takes
    /// either. (`default`, `all` and `any` are the callers' to handle.)
    static func address(_ text: some StringProtocol, family: AddressFamily) -> IPAddress? {
        if text.utf8.contains(UInt8(ascii: ":")) {
            guard family == 0 || family == 10, let address = IPv6Address(text) else { return nil }
            return .v6(address)
        }
        guard family == 0 || family == 2, let address = ipv4(text) else { return nil }
        return .v4(address)
    }

    /// iproute2's `get_netmask` (base 0) and the check after it: a number of at most `maximum`,
    /// or an IPv4 mask of contiguous ones.
    static func prefixLength(_ text: some StringProtocol, maximum: UInt8) -> UInt8? {
        let string = String(text)
        if let value = unsigned(string) { return value <= UInt32(maximum) ? UInt8(value) : nil }
        guard let mask = ipv4(string) else { return nil }
        let host = ~mask.value
        guard host & (host &+ 1) == 0 else { return nil }
        let bits = UInt8(mask.value.nonzeroBitCount)
        return bits <= maximum ? bits : nil
    }

    /// `isspace` in the C locale.
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (byte >= 9 && byte <= 13)
    }

    private static func digit(_ byte: UInt8, radix: UInt64) -> UInt64? {
        let value: UInt64
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt64(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt64(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
        return value < radix ? value : nil
    }
}
