/// What a route does: `rtm_type` (`RTN_*` of `<linux/rtnetlink.h>`), a `u8`.
///
/// Open to values this code does not know. ``description`` gives the word `ip route` prints.
public struct RouteType: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The value of `rtm_type`.
    public var rawValue: UInt8
    /// Creates a type from its value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Creates a type from an integer literal.
    public init(integerLiteral value: UInt8) { rawValue = value }

    /// `RTN_UNSPEC` (0): any type (in a delete or a dump filter).
    public static let unspecified = RouteType(rawValue: 0)
    /// `RTN_UNICAST` (1): a gateway or direct route.
    public static let unicast = RouteType(rawValue: 1)
    /// `RTN_LOCAL` (2): accept locally.
    public static let local = RouteType(rawValue: 2)
    /// `RTN_BROADCAST` (3): accept locally as broadcast, send as broadcast.
    public static let broadcast = RouteType(rawValue: 3)
    /// `RTN_ANYCAST` (4): accept locally as broadcast, send as unicast.
    public static let anycast = RouteType(rawValue: 4)
    /// `RTN_MULTICAST` (5): a multicast route.
    public static let multicast = RouteType(rawValue: 5)
    /// `RTN_BLACKHOLE` (6): drop silently. Needs no device.
    public static let blackhole = RouteType(rawValue: 6)
    /// `RTN_UNREACHABLE` (7): drop, answer ICMP host unreachable. Needs no device.
    public static let unreachable = RouteType(rawValue: 7)
    /// `RTN_PROHIBIT` (8): drop, answer ICMP administratively prohibited. Needs no device.
    public static let prohibit = RouteType(rawValue: 8)
    /// `RTN_THROW` (9): not in this table; continue with the next policy rule.
    public static let `throw` = RouteType(rawValue: 9)
    /// `RTN_NAT` (10): translate this address (obsolete).
    public static let nat = RouteType(rawValue: 10)
    /// `RTN_XRESOLVE` (11): use an external resolver (obsolete).
    public static let externalResolve = RouteType(rawValue: 11)

    private static let names = [
        "unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable",
        "prohibit", "throw", "nat", "xresolve",
    ]

    /// The word `ip route` uses ("unicast", "blackhole" ...), or the number.
    public var description: String {
        Int(rawValue) < Self.names.count ? Self.names[Int(rawValue)] : String(rawValue)
    }
}
