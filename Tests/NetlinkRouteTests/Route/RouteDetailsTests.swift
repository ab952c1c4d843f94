import NetlinkCore
@testable import NetlinkRoute
import Testing

// The rarer fields of a route live in a copy-on-write box (RouteDetails) made only when one of
// them is present. These tests check that the box is invisible: value semantics, equality and
// hashing as if every field were stored inline, and no box for a plain route.
// `@testable`: `detailsBox` is internal (debug builds, as the rest of the suite).

private func u16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
private func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
private func attr(_ type: UInt16, _ payload: [UInt8]) -> [UInt8] {
    let padding = (4 - payload.count % 4) % 4
    return u16(UInt16(4 + payload.count)) + u16(type) + payload + [UInt8](repeating: 0, count: padding)
}

/// An `RTM_NEWROUTE` of `family`, /`length`, table main, proto boot, scope link, unicast, then `attributes`.
private func routeMessage(family: UInt8 = 2, length: UInt8 = 32, _ attributes: [UInt8]) -> [UInt8] {
    message(type: 24, payload: [family, length, 0, 0, 254, 3, 253, 1] + u32(0) + attributes)
}

private func decode(_ bytes: [UInt8]) throws -> Route {
    try Route(decoding: try NetlinkMessage(bytes.span.bytes))
}

@Suite("Route details box")
struct RouteDetailsTests {
    @Test func plainRouteHasNoBox() throws {
        // RTA_TABLE, RTA_DST, RTA_OIF, RTA_GATEWAY, RTA_PRIORITY, RTA_PREFSRC: what a big table has.
        let route = try decode(routeMessage(
            attr(15, u32(254)) + attr(1, [10, 1, 2, 3]) + attr(4, u32(3)) + attr(5, [10, 0, 0, 1]) + attr(6, u32(20))
                + attr(7, [10, 0, 0, 9])))
        #expect(route.detailsBox == nil)
        #expect(route.destination == ip("10.1.2.3"))
        #expect(route.gateway == ip("10.0.0.1"))
        #expect(route.preferredSource == ip("10.0.0.9"))
        #expect(route.outputIndex == 3)
        #expect(route.priority == 20)
        #expect(route.metrics.isEmpty && route.multipath.isEmpty && route.cacheInfo == nil && route.source == nil)
        // The value a dump moves for every route: small, one reference.
        #expect(MemoryLayout<Route>.size <= 104)
    }

    @Test func emptyNestsMakeNoBox() throws {
        // An empty RTA_METRICS and an empty RTA_MULTIPATH carry nothing: no box.
        let route = try decode(routeMessage(attr(1, [10, 1, 2, 3]) + attr(8, []) + attr(9, [])))
        #expect(route.detailsBox == nil)
        #expect(route == Route(family: 2, destination: ip("10.1.2.3"), table: .main, protocol: .boot, scope: .link).decodedShape)
    }

    @Test func rareAttributesDecodeIntoTheBox() throws {
        // RTA_METRICS { RTAX_MTU 1400 }, RTA_MARK 7, RTA_FLOW 9, RTA_NH_ID 5, RTA_IIF 2.
        let route = try decode(routeMessage(
            attr(1, [10, 1, 2, 3]) + attr(8, attr(2, u32(1400))) + attr(16, u32(7)) + attr(11, u32(9)) + attr(30, u32(5))
                + attr(3, u32(2))))
        #expect(route.detailsBox != nil)
        #expect(route.metrics == [RouteMetric.mtu: 1400])
        #expect(route.mark == 7)
        #expect(route.flow == 9)
        #expect(route.nexthopID == 5)
        #expect(route.inputIndex == 2)
    }

    @Test func copiesDoNotShareWrites() {
        var a = Route(destination: ip("10.0.0.0"), prefixLength: 8)
        a.metrics[RouteMetric.mtu] = 1400
        var b = a
        #expect(a.detailsBox === b.detailsBox)  // shared until written
        b.metrics[RouteMetric.mtu] = 9000
        b.mark = 3
        #expect(a.metrics[RouteMetric.mtu] == 1400)
        #expect(a.mark == nil)
        #expect(b.metrics[RouteMetric.mtu] == 9000)
        #expect(a.detailsBox !== b.detailsBox)
        #expect(a != b)
        // A write to an unshared box happens in place (a weak reference leaves it unshared; had
        // the write copied it, the old box would be gone).
        weak let box = b.detailsBox
        b.flow = 4
        #expect(box != nil && b.detailsBox === box)
    }

    @Test func clearingEveryRareFieldDropsTheBox() {
        let plain = Route(destination: ip("10.0.0.0"), prefixLength: 8)
        var route = plain
        route.congestionControl = "cubic"
        route.expires = 30
        #expect(route.detailsBox != nil)
        #expect(route != plain)
        route.congestionControl = nil
        route.expires = nil
        #expect(route.detailsBox == nil)
        #expect(route == plain)
        #expect(route.hashValue == plain.hashValue)
        // Setting an absent field to absent makes no box.
        route.metrics = [:]
        route.multipath = []
        route.via = nil
        #expect(route.detailsBox == nil)
    }

    @Test func equalityAndHashingLookThroughTheBox() {
        var a = Route(destination: ip("2001:db8::"), prefixLength: 32)
        var b = a
        a.cacheInfo = RouteCacheInfo(used: 3)
        b.cacheInfo = a.cacheInfo
        a.multipath = [RouteNexthop(gateway: ip("2001:db8::1"), outputIndex: 2)]
        b.multipath = a.multipath
        #expect(a.detailsBox !== b.detailsBox)
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
        b.multipath[0].weight = 2
        #expect(a != b)
        // A box holding nothing (which the code never keeps) equals and hashes as no box.
        let plain = Route(destination: ip("10.0.0.0"), prefixLength: 8)
        var emptyBox = plain
        emptyBox.detailsBox = RouteDetailsBox(RouteDetails())
        #expect(emptyBox == plain && plain == emptyBox)
        #expect(emptyBox.hashValue == plain.hashValue)
        // Every inline field counts too.
        var c = a
        c.preference = 1
        #expect(a != c)
        c = a
        c.preferredSource = ip("2001:db8::9")
        #expect(a != c)
    }
}

private extension Route {
    /// As a dump decodes this route: unicast, the given scope, no flags.
    var decodedShape: Route {
        var route = self
        route.type = .unicast
        return route
    }
}
