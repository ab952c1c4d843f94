import NetlinkCore

/// The fields of a ``Route`` that most routes of a large table do not have, kept out of line so
/// that a plain route is a small value that allocates nothing.
///
/// A route of a big IPv4 table has a destination, a device, perhaps a gateway, a metric and a
/// preferred source; these live in ``Route`` itself. Metrics, multipath, encapsulation, the
/// IPv6 cache information and expiry, and the rest below go here, in one copy-on-write box that
/// ``Route`` allocates only when one of them is present (an IPv6 route's `RTA_CACHEINFO` is one).
struct RouteDetails: Hashable, Sendable {
    var source: IPAddress?
    var inputIndex: Int32?
    var via: RouteVia?
    var metrics: [UInt16: UInt32] = [:]
    var congestionControl: String?
    var multipath: [RouteNexthop] = []
    var nexthopID: UInt32?
    var mark: UInt32?
    var expires: UInt64?
    var cacheInfo: RouteCacheInfo?
    var encapsulationType: UInt16?
    var encapsulation: [UInt8]?
    var flow: UInt32?

    /// No field is present: a route with these details needs no box.
    var isEmpty: Bool {
        source == nil && inputIndex == nil && via == nil && metrics.isEmpty && congestionControl == nil
            && multipath.isEmpty && nexthopID == nil && mark == nil && expires == nil && cacheInfo == nil
            && encapsulationType == nil && encapsulation == nil && flow == nil
    }
}

/// The heap box of ``RouteDetails``: shared between copies of a ``Route`` and copied before a
/// write when shared (``Route`` checks `isKnownUniquelyReferenced`), so routes keep value semantics.
///
/// `@unchecked Sendable`: `value` is only written through a reference known to be unique, never
/// while another copy (and so another thread) can see the box.
final class RouteDetailsBox: @unchecked Sendable {
    var value: RouteDetails

    init(_ value: RouteDetails) {
        self.value = value
    }
}
