/// The scope of an address (`ifa_scope`: the `RT_SCOPE_*` values of `enum rt_scope_t` in
/// `<linux/rtnetlink.h>`); open to the user-defined values in between.
public struct AddressScope: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The value.
    public var rawValue: UInt8
    /// Creates a scope value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Valid everywhere. The corresponding C constant is `RT_SCOPE_UNIVERSE` (0).
    public static let universe = AddressScope(rawValue: 0)
    /// Valid within the site (IPv6, deprecated). The corresponding C constant is `RT_SCOPE_SITE` (200).
    public static let site = AddressScope(rawValue: 200)
    /// Valid on the link only. The corresponding C constant is `RT_SCOPE_LINK` (253).
    public static let link = AddressScope(rawValue: 253)
    /// Valid inside this host only. The corresponding C constant is `RT_SCOPE_HOST` (254).
    public static let host = AddressScope(rawValue: 254)
    /// No destination. The corresponding C constant is `RT_SCOPE_NOWHERE` (255).
    public static let nowhere = AddressScope(rawValue: 255)

    /// The name `ip` prints: `global`, `site`, `link`, `host`, `nowhere`, or the number.
    public var description: String {
        switch rawValue {
        case 0: "global"
        case 200: "site"
        case 253: "link"
        case 254: "host"
        case 255: "nowhere"
        default: "\(rawValue)"
        }
    }
}
