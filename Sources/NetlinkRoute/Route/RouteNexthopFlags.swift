/// The flags of one nexthop of a multipath route, `rtnh_flags` (`RTNH_F_*` of `<linux/rtnetlink.h>`), a `u8`.
///
/// All of these are in the 6.1 headers.
public struct RouteNexthopFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt8
    /// Creates flags from their bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `RTNH_F_DEAD` (1): the nexthop is dead.
    public static let dead = RouteNexthopFlags(rawValue: 1)
    /// `RTNH_F_PERVASIVE` (2): recursive gateway lookup.
    public static let pervasive = RouteNexthopFlags(rawValue: 2)
    /// `RTNH_F_ONLINK` (4): the gateway is on the link.
    public static let onlink = RouteNexthopFlags(rawValue: 4)
    /// `RTNH_F_OFFLOAD` (8): offloaded to hardware.
    public static let offload = RouteNexthopFlags(rawValue: 8)
    /// `RTNH_F_LINKDOWN` (16): the device has no carrier.
    public static let linkDown = RouteNexthopFlags(rawValue: 16)
    /// `RTNH_F_UNRESOLVED` (32): unresolved (multicast routing).
    public static let unresolved = RouteNexthopFlags(rawValue: 32)
    /// `RTNH_F_TRAP` (64): traps packets to the CPU.
    public static let trap = RouteNexthopFlags(rawValue: 64)

    /// The flags a request may set (`onlink`, `pervasive`); the others are the kernel's to report.
    public static let settable: RouteNexthopFlags = [.onlink, .pervasive]
}
