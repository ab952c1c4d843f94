import NetlinkCore
import NetlinkRoute

extension RouteFuzzChecks {
    /// A route message around an `RTA_MULTIPATH` attribute: the first input byte picks the family
    /// (odd: IPv6, even: IPv4), the rest (cut to fit `nla_len`) is the attribute's payload.
    static func multipathRoute(_ input: [UInt8]) -> [UInt8] {
        let family: AddressFamily = (input.first ?? 0) & 1 == 1 ? .inet6 : .inet
        let entries = input.dropFirst().prefix(Int(UInt16.max) - NetlinkAttribute.headerSize)
        // struct rtmsg: family, dst_len, src_len, tos, table (main), protocol (static), scope, type (unicast), flags.
        var payload: [UInt8] = [family.rawValue, 0, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0]
        withUnsafeBytes(of: UInt16(NetlinkAttribute.headerSize + entries.count)) { payload.append(contentsOf: $0) }  // nla_len
        withUnsafeBytes(of: RouteAttribute.multipath) { payload.append(contentsOf: $0) }  // nla_type
        payload += entries
        return wrap(RouteMessageType.newRoute, payload)
    }

    /// What decoding a route encoded by `Route.encode(into:for:)` must give, as its documentation
    /// says: for adding, an unspecified type is unicast and protocol boot, flags are limited to the
    /// settable ones, preference and expires (clamped to 32 bits) only for IPv6; for deleting, only
    /// what identifies the route (no flags, metrics, flow, preference or expires). Both leave out
    /// the input interface, mark and cache information, and with a nexthop ID the device, gateway,
    /// via and multipath; the encapsulation only an add writes, and only with both its type and its
    /// data. Multipath entries keep gateway, via, flow, device, weight, their settable flags and an
    /// encapsulation with both parts.
    static func projection(of route: Route, for purpose: Route.EncodingPurpose) -> Route {
        var expected = route
        expected.inputIndex = nil
        expected.mark = nil
        expected.cacheInfo = nil
        // The encapsulation goes out (RTA_ENCAP and RTA_ENCAP_TYPE) only for an add with both.
        if purpose != .add || route.encapsulationType == nil || route.encapsulation == nil {
            expected.encapsulationType = nil
            expected.encapsulation = nil
        }
        if route.nexthopID != nil {
            expected.outputIndex = nil
            expected.gateway = nil
            expected.via = nil
            expected.multipath = []
        }
        expected.multipath = expected.multipath.map { entry in
            var kept = RouteNexthop(gateway: entry.gateway, via: entry.via, outputIndex: entry.outputIndex, weight: entry.weight,
                                    flags: entry.flags.intersection(.settable))
            kept.flow = entry.flow
            if let type = entry.encapsulationType, let data = entry.encapsulation {
                kept.encapsulationType = type
                kept.encapsulation = data
            }
            return kept
        }
        switch purpose {
        case .add:
            if expected.type == .unspecified { expected.type = .unicast }
            if expected.protocol == .unspecified { expected.protocol = .boot }
            expected.flags = route.flags.intersection(.settable)
            if route.family == AddressFamily.inet6 {
                expected.expires = route.expires.map { UInt64(UInt32(clamping: $0)) }
            } else {
                expected.preference = nil
                expected.expires = nil
            }
        case .delete:
            expected.flags = []
            expected.metrics = [:]
            expected.congestionControl = nil
            expected.flow = nil
            expected.preference = nil
            expected.expires = nil
        }
        return expected
    }

    /// A filter made of a route's own fields matches it: family, table, protocol, type, device,
    /// cloned, destination and source prefixes (exactly, containing and within, when the address is
    /// of the route's family), gateway, scope, preferred source and metric; and it encodes as a dump
    /// request.
    static func checkOwnFilters(_ route: Route) throws {
        func prefix(_ address: IPAddress?, _ length: UInt8) -> [RoutePrefixMatch?] {
            guard let address, AddressFamily(of: address) == route.family else { return [nil] }
            return [.exact(address, prefixLength: length), .containing(address, prefixLength: length), .within(address, prefixLength: length)]
        }
        let destinations = prefix(route.destination, route.destinationPrefixLength)
        let sources = prefix(route.source, route.sourcePrefixLength)
        for (index, destination) in destinations.enumerated() {
            let filter = RouteFilter(
                family: route.family, table: route.table, protocol: route.protocol, type: route.type,
                outputIndex: route.outputIndex ?? route.multipath.first?.outputIndex, cloned: route.flags.contains(.cloned),
                destination: destination, source: sources[min(index, sources.count - 1)],
                gateway: route.gateway ?? route.via?.ipAddress, scope: route.scope, preferredSource: route.preferredSource,
                priority: route.priority ?? 0)
            try require(filter.matches(route), "route: a filter of its own fields does not match it: \(filter)")
            guard index == 0 else { continue }  // the dump request does not hold the prefixes
            var builder = NetlinkMessageBuilder(capacity: 256)
            do {
                try builder.message(type: RouteMessageType.getRoute, flags: [.request, .dump], sequence: 1) { b in
                    try filter.encodeDumpRequest(into: &b)
                }
            } catch {
                throw Failure("route: a filter does not encode as a dump request: \(error)")
            }
        }
    }

    /// `Route(decoding:)`, then for adding and for deleting: the decoded route encodes, decodes to
    /// ``projection(of:for:)``, and that encodes again to the same bytes. Multipath weights are
    /// 1 ... 256 and a decoded route always has a scope.
    static func checkRoute(_ bytes: [UInt8]) throws {
        guard case .success(let route) = try decode(bytes, "route", { m throws(NetlinkDecodingError) in try Route(decoding: m) }) else {
            return
        }
        try require(route.requestedScope != nil, "route: a decoded route has no scope")
        try require(route.multipath.allSatisfy { (1...256).contains($0.weight) }, "route: a multipath weight outside 1...256")
        _ = route.destinationDescription
        _ = route.defaultScope
        try require(RouteFilter().matches(route) == !route.flags.contains(.cloned), "route: the empty filter")
        try checkOwnFilters(route)
        for via in [route.via] + route.multipath.map(\.via) {
            guard let via else { continue }
            try require(!via.description.isEmpty, "route: an empty via description")
            if let ip = via.ipAddress { try require(ip.bytes == via.address, "route: RTA_VIA address \(ip) is not its bytes") }
        }
        let growth = textGrowthMayOverflow([route.congestionControl], messageSize: bytes.count)
        for purpose in [Route.EncodingPurpose.add, .delete] {
            let what = "route (\(purpose))"
            let type = purpose == .add ? RouteMessageType.newRoute : RouteMessageType.deleteRoute
            guard let first = try encode(type, what, refusalAllowed: growth, { b in try route.encode(into: &b, for: purpose) }) else {
                continue
            }
            let decoded = try decode(first, "\(what) encoded", twice: false, { m throws(NetlinkDecodingError) in try Route(decoding: m) })
            guard case .success(let again) = decoded else { throw Failure("\(what): the encoded route does not decode: \(decoded)") }
            let expected = projection(of: route, for: purpose)
            try require(again == expected, "\(what) round trip:\n  decoded  \(again)\n  expected \(expected)")
            let second = try encode(type, "\(what) again", refusalAllowed: false, { b in try again.encode(into: &b, for: purpose) })
            try require(second == first, "\(what): encoding the round-tripped route writes other bytes")
        }
    }
}
