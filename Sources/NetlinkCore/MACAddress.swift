/// A 48-bit Ethernet (EUI-48) hardware address.
public struct MACAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address as a number in the low 48 bits, first byte most significant.
    public var value: UInt64

    /// Creates an address from its 48-bit value.
    public init(_ value: UInt64) { self.value = value & 0xFFFF_FFFF_FFFF }

    /// Creates an address from 6 bytes.
    /// - Precondition: `bytes` has exactly 6 bytes.
    public init(_ bytes: RawSpan) {
        precondition(bytes.byteCount == 6, "a MAC address is 6 bytes")
        var v: UInt64 = 0
        for i in 0..<6 { v = v << 8 | UInt64(bytes.unsafeLoad(fromByteOffset: i, as: UInt8.self)) }
        value = v
    }

    /// Creates an address from 6 bytes, or `nil` for any other count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 6 else { return nil }
        self.init(bytes.span.bytes)
    }

    /// Parses `aa:bb:cc:dd:ee:ff` (one or two hex digits per byte, as `ip` accepts).
    public init?(_ string: some StringProtocol) {
        let parts = string.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        var v: UInt64 = 0
        for part in parts {
            guard (1...2).contains(part.utf8.count), let byte = UInt8(part, radix: 16),
                part.utf8.allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
            else { return nil }
            v = v << 8 | UInt64(byte)
        }
        value = v
    }

    /// The 6 bytes, first on the wire first.
    public var bytes: [UInt8] { (0..<6).map { UInt8(truncatingIfNeeded: value >> (UInt64(5 - $0) * 8)) } }

    /// Lower-case, colon-separated, two digits per byte (`02:42:ac:11:00:02`), as `ip` prints it.
    public var description: String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 0x10 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}
