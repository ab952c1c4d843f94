import NetlinkCore

/// A socket's address (`struct inet_diag_sockid`, 48 bytes): ports in network order on the wire,
/// addresses (IPv4 in the first word), interface, cookie.
///
/// ```text
///  0 sport be16  2 dport be16  4 src[4] be32  20 dst[4] be32  36 if u32  40 cookie[2] u32
/// ```
public struct InetSocketID: Hashable, Sendable {
    /// `sizeof(struct inet_diag_sockid)`.
    public static let size = 48
    /// `INET_DIAG_NOCOOKIE`: any cookie.
    public static let noCookie: UInt64 = 0xFFFF_FFFF_FFFF_FFFF

    /// `idiag_sport`.
    public var sourcePort: UInt16
    /// `idiag_dport`.
    public var destinationPort: UInt16
    /// `idiag_src`: the address, by the message's family.
    public var source: IPAddress
    /// `idiag_dst`.
    public var destination: IPAddress
    /// `idiag_if`: the bound interface (0: none).
    public var interface: UInt32
    /// `idiag_cookie`: the socket's cookie (``noCookie``: any).
    public var cookie: UInt64

    /// Creates an ID.
    public init(sourcePort: UInt16 = 0, destinationPort: UInt16 = 0, source: IPAddress, destination: IPAddress, interface: UInt32 = 0, cookie: UInt64 = noCookie) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.source = source
        self.destination = destination
        self.interface = interface
        self.cookie = cookie
    }

    /// Reads an ID at `offset` of `bytes`, its addresses of `family`.
    init(_ bytes: RawSpan, at offset: Int, family: AddressFamily) {
        sourcePort = UInt16(bigEndian: bytes.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt16.self))
        destinationPort = UInt16(bigEndian: bytes.unsafeLoadUnaligned(fromByteOffset: offset + 2, as: UInt16.self))
        func address(_ at: Int) -> IPAddress {
            if family == .inet6 {
                let high = UInt64(bigEndian: bytes.unsafeLoadUnaligned(fromByteOffset: at, as: UInt64.self))
                let low = UInt64(bigEndian: bytes.unsafeLoadUnaligned(fromByteOffset: at + 8, as: UInt64.self))
                return .v6(IPv6Address(high: high, low: low))
            }
            return .v4(IPv4Address(UInt32(bigEndian: bytes.unsafeLoadUnaligned(fromByteOffset: at, as: UInt32.self))))
        }
        source = address(offset + 4)
        destination = address(offset + 20)
        interface = bytes.unsafeLoadUnaligned(fromByteOffset: offset + 36, as: UInt32.self)
        let low = UInt64(bytes.unsafeLoadUnaligned(fromByteOffset: offset + 40, as: UInt32.self))
        let high = UInt64(bytes.unsafeLoadUnaligned(fromByteOffset: offset + 44, as: UInt32.self))
        cookie = low | high << 32
    }

    /// Writes the 48 bytes.
    func encode(into b: inout NetlinkMessageBuilder) {
        b.append(sourcePort.bigEndian)
        b.append(destinationPort.bigEndian)
        for address in [source, destination] {
            switch address {
            case .v4(let v4):
                b.append(v4.networkOrder)
                b.appendZeros(12)
            case .v6(let v6):
                b.append(v6.high.bigEndian)
                b.append(v6.low.bigEndian)
            }
        }
        b.append(interface)
        b.append(UInt32(truncatingIfNeeded: cookie))
        b.append(UInt32(truncatingIfNeeded: cookie >> 32))
    }
}
