/// Who installed a route: `rtm_protocol` (`RTPROT_*` of `<linux/rtnetlink.h>`), a `u8`.
///
/// The kernel interprets only values below ``static``; the rest are labels that routing daemons
/// set and read back. Open to any value. All of these are in the 6.1 headers.
public struct RouteProtocol: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The value of `rtm_protocol`.
    public var rawValue: UInt8
    /// Creates a protocol from its value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Creates a protocol from an integer literal.
    public init(integerLiteral value: UInt8) { rawValue = value }

    /// `RTPROT_UNSPEC` (0): unknown; any, in a delete or a dump filter.
    public static let unspecified = RouteProtocol(rawValue: 0)
    /// `RTPROT_REDIRECT` (1): installed by an ICMP redirect (not used by current IPv4).
    public static let redirect = RouteProtocol(rawValue: 1)
    /// `RTPROT_KERNEL` (2): installed by the kernel (connected and local routes).
    public static let kernel = RouteProtocol(rawValue: 2)
    /// `RTPROT_BOOT` (3): installed during boot; what `ip route add` uses by default.
    public static let boot = RouteProtocol(rawValue: 3)
    /// `RTPROT_STATIC` (4): installed by the administrator.
    public static let `static` = RouteProtocol(rawValue: 4)
    /// `RTPROT_GATED` (8).
    public static let gated = RouteProtocol(rawValue: 8)
    /// `RTPROT_RA` (9): router advertisements (RDISC, IPv6 ND).
    public static let routerAdvertisement = RouteProtocol(rawValue: 9)
    /// `RTPROT_MRT` (10): Merit MRT.
    public static let mrt = RouteProtocol(rawValue: 10)
    /// `RTPROT_ZEBRA` (11): Zebra / FRRouting.
    public static let zebra = RouteProtocol(rawValue: 11)
    /// `RTPROT_BIRD` (12): BIRD.
    public static let bird = RouteProtocol(rawValue: 12)
    /// `RTPROT_DNROUTED` (13): the DECnet routing daemon.
    public static let dnrouted = RouteProtocol(rawValue: 13)
    /// `RTPROT_XORP` (14): XORP.
    public static let xorp = RouteProtocol(rawValue: 14)
    /// `RTPROT_NTK` (15): Netsukuku.
    public static let ntk = RouteProtocol(rawValue: 15)
    /// `RTPROT_DHCP` (16): a DHCP client.
    public static let dhcp = RouteProtocol(rawValue: 16)
    /// `RTPROT_MROUTED` (17): the multicast daemon.
    public static let mrouted = RouteProtocol(rawValue: 17)
    /// `RTPROT_KEEPALIVED` (18): Keepalived.
    public static let keepalived = RouteProtocol(rawValue: 18)
    /// `RTPROT_BABEL` (42): the Babel daemon.
    public static let babel = RouteProtocol(rawValue: 42)
    /// `RTPROT_OPENR` (99): Open/R.
    public static let openr = RouteProtocol(rawValue: 99)
    /// `RTPROT_BGP` (186): BGP.
    public static let bgp = RouteProtocol(rawValue: 186)
    /// `RTPROT_ISIS` (187): IS-IS.
    public static let isis = RouteProtocol(rawValue: 187)
    /// `RTPROT_OSPF` (188): OSPF.
    public static let ospf = RouteProtocol(rawValue: 188)
    /// `RTPROT_RIP` (189): RIP.
    public static let rip = RouteProtocol(rawValue: 189)
    /// `RTPROT_EIGRP` (192): EIGRP.
    public static let eigrp = RouteProtocol(rawValue: 192)

    private static let names: [UInt8: String] = [
        0: "unspec", 1: "redirect", 2: "kernel", 3: "boot", 4: "static", 8: "gated", 9: "ra", 10: "mrt",
        11: "zebra", 12: "bird", 13: "dnrouted", 14: "xorp", 15: "ntk", 16: "dhcp", 17: "mrouted",
        18: "keepalived", 42: "babel", 99: "openr", 186: "bgp", 187: "isis", 188: "ospf", 189: "rip", 192: "eigrp",
    ]

    /// The name `ip route` prints ("kernel", "static", "bgp" ...), or the number.
    public var description: String { Self.names[rawValue] ?? String(rawValue) }
}
