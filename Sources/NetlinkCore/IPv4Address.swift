/// An IPv4 address.
///
/// Netlink carries addresses in network byte order (big-endian); ``value`` holds the address as a
/// number, so `10.0.0.1` is `0x0A00_0001` on every machine.
public struct IPv4Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address as a 32-bit number (`10.0.0.1` is `0x0A00_0001`).
    public var value: UInt32

    /// Creates an address from its numeric value.
    public init(_ value: UInt32) { self.value = value }

    /// Creates an address from its four bytes, most significant first.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Creates an address from the 32-bit word as loaded from the wire (network order).
    public init(networkOrder word: UInt32) { value = UInt32(bigEndian: word) }

    /// The address as a 32-bit word in network order, ready to store on the wire.
    public var networkOrder: UInt32 { value.bigEndian }

    /// The four bytes, most significant first.
    public var bytes: [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

    /// Parses dotted-quad notation (`192.0.2.1`); exactly four decimal parts of 0–255, no leading signs.
    public init?(_ string: some StringProtocol) {
        var result: UInt32 = 0
        var parts = 0
        var current: UInt32 = 0
        var digits = 0
        for byte in string.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                result = result << 8 | current
                parts += 1
                current = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                current = current * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                guard digits <= 3, current <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard parts == 3, digits > 0 else { return nil }
        value = result << 8 | current
    }

    /// Dotted-quad notation, as `inet_ntop(3)` prints it.
    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}
