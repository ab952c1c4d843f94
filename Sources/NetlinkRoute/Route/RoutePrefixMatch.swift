import NetlinkCore

/// How a route's prefix (destination or source) is compared with a prefix in a ``RouteFilter``,
/// with the meanings of `ip route show to/from`.
///
/// A route without the address (a default route) has the all-zero address of its family.
public enum RoutePrefixMatch: Hashable, Sendable {
    /// The route's prefix is exactly this one: same length, same leading bits
    /// (`ip route show exact PREFIX`, also what plain `to PREFIX` means).
    case exact(IPAddress, prefixLength: UInt8)
    /// The route's prefix contains this one: it is no longer, and its leading bits match
    /// (`ip route show match PREFIX`: the routes a lookup of the prefix may use).
    case containing(IPAddress, prefixLength: UInt8)
    /// The route's prefix lies within this one: it is no shorter, and the leading bits match
    /// (`ip route show root PREFIX`).
    case within(IPAddress, prefixLength: UInt8)

    /// The route's prefix is exactly `prefix` (``exact(_:prefixLength:)``).
    public static func exact(_ prefix: IPPrefix) -> RoutePrefixMatch { .exact(prefix.address, prefixLength: prefix.length) }
    /// The route's prefix contains `prefix` (``containing(_:prefixLength:)``).
    public static func containing(_ prefix: IPPrefix) -> RoutePrefixMatch { .containing(prefix.address, prefixLength: prefix.length) }
    /// The route's prefix lies within `prefix` (``within(_:prefixLength:)``).
    public static func within(_ prefix: IPPrefix) -> RoutePrefixMatch { .within(prefix.address, prefixLength: prefix.length) }

    /// Whether a route's prefix (`address` of `family`, `length` bits; `nil` address: all zeros)
    /// matches. An address of another family never matches.
    public func matches(_ address: IPAddress?, prefixLength length: UInt8, family: AddressFamily) -> Bool {
        let (prefix, prefixLength): (IPAddress, UInt8)
        switch self {
        case .exact(let a, let l), .containing(let a, let l), .within(let a, let l): (prefix, prefixLength) = (a, l)
        }
        guard AddressFamily(of: prefix) == family else { return false }
        let routeBits = PrefixBits(address, family: family)
        let filterBits = PrefixBits(prefix, family: family)
        switch self {
        case .exact:
            return length == prefixLength && routeBits.sharesLeading(Int(length), with: filterBits)
        case .containing:
            return length <= prefixLength && routeBits.sharesLeading(Int(length), with: filterBits)
        case .within:
            return length >= prefixLength && routeBits.sharesLeading(Int(prefixLength), with: filterBits)
        }
    }
}

/// An address as 128 bits, most significant first (IPv4 in the top 32).
private struct PrefixBits {
    var high: UInt64
    var low: UInt64

    init(_ address: IPAddress?, family: AddressFamily) {
        switch address {
        case .v4(let a)?: high = UInt64(a.value) << 32; low = 0
        case .v6(let a)?: high = a.high; low = a.low
        case nil: high = 0; low = 0
        }
    }

    /// Whether the first `count` bits (clamped to 0...128) are equal.
    func sharesLeading(_ count: Int, with other: PrefixBits) -> Bool {
        let n = max(0, min(count, 128))
        let highBits = min(n, 64)
        let lowBits = n - highBits
        let highMask: UInt64 = highBits == 0 ? 0 : ~0 << (64 - highBits)
        let lowMask: UInt64 = lowBits == 0 ? 0 : ~0 << (64 - lowBits)
        return (high ^ other.high) & highMask == 0 && (low ^ other.low) & lowMask == 0
    }
}
