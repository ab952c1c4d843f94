/// How far a route's destination is: `rtm_scope` (`enum rt_scope_t` of `<linux/rtnetlink.h>`), a `u8`.
///
/// Really a distance: values between ``universe`` and ``link`` are allowed (interior routes).
public struct RouteScope: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The value of `rtm_scope`.
    public var rawValue: UInt8
    /// Creates a scope from its value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Creates a scope from an integer literal.
    public init(integerLiteral value: UInt8) { rawValue = value }

    /// `RT_SCOPE_UNIVERSE` (0): anywhere (routes via a gateway). `ip` prints "global".
    public static let universe = RouteScope(rawValue: 0)
    /// `RT_SCOPE_SITE` (200): within the site (user defined).
    public static let site = RouteScope(rawValue: 200)
    /// `RT_SCOPE_LINK` (253): on the attached link (direct routes).
    public static let link = RouteScope(rawValue: 253)
    /// `RT_SCOPE_HOST` (254): on this host (local routes).
    public static let host = RouteScope(rawValue: 254)
    /// `RT_SCOPE_NOWHERE` (255): no destination; in an IPv4 delete request, any scope.
    public static let nowhere = RouteScope(rawValue: 255)

    /// The word `ip route` prints ("global", "link", "host" ...), or the number.
    public var description: String {
        switch rawValue {
        case 0: "global"
        case 200: "site"
        case 253: "link"
        case 254: "host"
        case 255: "nowhere"
        default: String(rawValue)
        }
    }
}
