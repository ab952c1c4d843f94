/// The flags of a route, `rtm_flags` (u32): the `RTM_F_*` of `<linux/rtnetlink.h>` in the high bits,
/// and the nexthop flags `RTNH_F_*` in the low byte, which the kernel reports here for a route
/// with one nexthop.
///
/// All of these are in the 6.1 headers.
public struct RouteFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt32
    /// Creates flags from their bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `RTNH_F_DEAD` (1): the nexthop is dead. Refused in a request.
    public static let dead = RouteFlags(rawValue: 0x1)
    /// `RTNH_F_PERVASIVE` (2): recursive gateway lookup.
    public static let pervasive = RouteFlags(rawValue: 0x2)
    /// `RTNH_F_ONLINK` (4): the gateway is on the link even if no prefix says so (`ip route ... onlink`).
    public static let onlink = RouteFlags(rawValue: 0x4)
    /// `RTNH_F_OFFLOAD` (8): the nexthop is offloaded to hardware.
    public static let offloadedNexthop = RouteFlags(rawValue: 0x8)
    /// `RTNH_F_LINKDOWN` (16): the device has no carrier (`ip` prints "linkdown"). Refused in a request.
    public static let linkDown = RouteFlags(rawValue: 0x10)
    /// `RTNH_F_UNRESOLVED` (32): unresolved (multicast routing).
    public static let unresolved = RouteFlags(rawValue: 0x20)
    /// `RTNH_F_TRAP` (64): the nexthop traps packets to the CPU.
    public static let trappingNexthop = RouteFlags(rawValue: 0x40)

    /// `RTM_F_NOTIFY` (0x100): notify the user of a route change.
    public static let notify = RouteFlags(rawValue: 0x100)
    /// `RTM_F_CLONED` (0x200): a cloned (cached, exception) route; in a dump request, dump those instead.
    public static let cloned = RouteFlags(rawValue: 0x200)
    /// `RTM_F_EQUALIZE` (0x400): multipath equalizer (not implemented by the kernel).
    public static let equalize = RouteFlags(rawValue: 0x400)
    /// `RTM_F_PREFIX` (0x800): a prefix route of an address.
    public static let prefix = RouteFlags(rawValue: 0x800)
    /// `RTM_F_LOOKUP_TABLE` (0x1000): in a get request, report the table the lookup hit in `rtm_table`.
    public static let lookupTable = RouteFlags(rawValue: 0x1000)
    /// `RTM_F_FIB_MATCH` (0x2000): in a get request, return the matching FIB entry (`ip route get ... fibmatch`).
    public static let fibMatch = RouteFlags(rawValue: 0x2000)
    /// `RTM_F_OFFLOAD` (0x4000): the route is offloaded to hardware.
    public static let offload = RouteFlags(rawValue: 0x4000)
    /// `RTM_F_TRAP` (0x8000): the route traps packets to the CPU.
    public static let trap = RouteFlags(rawValue: 0x8000)
    /// `RTM_F_OFFLOAD_FAILED` (0x20000000): offloading the route failed.
    public static let offloadFailed = RouteFlags(rawValue: 0x2000_0000)
}

extension RouteFlags {
    /// The flags a route request may carry (`onlink`, `pervasive`). The kernel refuses `dead` and
    /// `linkDown`, and IPv6 reads `cloned` in an add as "make a cache route": the encoder drops
    /// everything else a decoded route reports.
    public static let settable: RouteFlags = [.onlink, .pervasive]
}
