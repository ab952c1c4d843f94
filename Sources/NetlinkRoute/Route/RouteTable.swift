/// A routing table ID: a `u32` (`enum rt_class_t` of `<linux/rtnetlink.h>` names the reserved ones).
///
/// `rtm_table` holds only 8 bits: a table above 255 travels in `RTA_TABLE`.
public struct RouteTable: RawRepresentable, Hashable, Sendable, Comparable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The table ID.
    public var rawValue: UInt32
    /// Creates a table from its ID.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Creates a table from an integer literal.
    public init(integerLiteral value: UInt32) { rawValue = value }

    /// `RT_TABLE_UNSPEC` (0): no table given (any, in a dump filter).
    public static let unspecified = RouteTable(rawValue: 0)
    /// `RT_TABLE_COMPAT` (252).
    public static let compat = RouteTable(rawValue: 252)
    /// `RT_TABLE_DEFAULT` (253).
    public static let `default` = RouteTable(rawValue: 253)
    /// `RT_TABLE_MAIN` (254): where routes go unless told otherwise.
    public static let main = RouteTable(rawValue: 254)
    /// `RT_TABLE_LOCAL` (255): local and broadcast addresses, maintained by the kernel.
    public static let local = RouteTable(rawValue: 255)

    /// The name `ip route` prints ("main", "local" ...), or the number.
    public var description: String {
        switch rawValue {
        case 0: "unspec"
        case 252: "compat"
        case 253: "default"
        case 254: "main"
        case 255: "local"
        default: String(rawValue)
        }
    }

    public static func < (lhs: RouteTable, rhs: RouteTable) -> Bool { lhs.rawValue < rhs.rawValue }
}
