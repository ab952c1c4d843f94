/// An address family (`AF_*` of `<sys/socket.h>`), as the one-byte `*_family` field of rtnetlink
/// headers and sock_diag requests carries it: open to every value.
///
/// The one spelling of `AF_INET` in this project is ``inet``; an integer literal also works
/// (`family: 2`), and `==`/`switch` compare against literals.
public struct AddressFamily: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The `AF_*` number.
    public var rawValue: UInt8

    /// Creates a family from its number.
    @inlinable
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Creates a family from an integer literal.
    @inlinable
    public init(integerLiteral value: UInt8) { self.rawValue = value }

    /// The family of an address: ``inet`` or ``inet6``.
    @inlinable
    public init(of address: IPAddress) {
        switch address {
        case .v4: self = .inet
        case .v6: self = .inet6
        }
    }

    /// `AF_UNSPEC` (0): every family, in a dump request; the family of link messages.
    public static let unspecified: AddressFamily = 0
    /// `AF_UNIX` (1).
    public static let unix: AddressFamily = 1
    /// `AF_INET` (2): IPv4.
    public static let inet: AddressFamily = 2
    /// `AF_BRIDGE` (7): bridge FDB, port and VLAN messages.
    public static let bridge: AddressFamily = 7
    /// `AF_INET6` (10): IPv6.
    public static let inet6: AddressFamily = 10
    /// `AF_NETLINK` (16).
    public static let netlink: AddressFamily = 16
    /// `AF_PACKET` (17): what `ip` calls the `link` family.
    public static let packet: AddressFamily = 17
    /// `AF_MPLS` (28).
    public static let mpls: AddressFamily = 28
    /// `RTNL_FAMILY_IPMR` (128): the IPv4 multicast routing cache (rtnetlink only).
    public static let ipv4Multicast: AddressFamily = 128
    /// `RTNL_FAMILY_IP6MR` (129): the IPv6 multicast routing cache (rtnetlink only).
    public static let ipv6Multicast: AddressFamily = 129

    /// Whether this is ``inet`` or ``inet6``.
    @inlinable
    public var isIP: Bool { self == .inet || self == .inet6 }

    /// The length in bits of an address of this family: 32 for ``inet``, 128 for ``inet6``, 20 for
    /// ``mpls`` (a label), `nil` otherwise.
    public var addressBitCount: UInt8? {
        switch self {
        case .inet: 32
        case .inet6: 128
        case .mpls: 20
        default: nil
        }
    }

    /// The name `ip` uses (`inet`, `inet6`, `bridge`, `mpls`, `link` ...), or the number.
    public var description: String {
        switch self {
        case .unspecified: "unspec"
        case .unix: "unix"
        case .inet: "inet"
        case .bridge: "bridge"
        case .inet6: "inet6"
        case .netlink: "netlink"
        case .packet: "link"
        case .mpls: "mpls"
        case .ipv4Multicast: "ipmr"
        case .ipv6Multicast: "ip6mr"
        default: String(rawValue)
        }
    }
}

extension IPAddress {
    /// ``AddressFamily/inet`` or ``AddressFamily/inet6``.
    @inlinable
    public var family: AddressFamily { AddressFamily(of: self) }
}
