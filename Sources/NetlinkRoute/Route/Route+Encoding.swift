import NetlinkCore

extension Route {
    /// What a route is encoded for.
    public enum EncodingPurpose: Hashable, Sendable {
        /// `RTM_NEWROUTE` (add, replace, append), with the defaults of `ip route add`: an
        /// unspecified type is unicast, an unspecified protocol is boot, a `nil` ``Route/requestedScope`` is
        /// ``Route/defaultScope``. Every settable attribute is written.
        case add
        /// `RTM_DELROUTE`, with the defaults of `ip route del`: unspecified type and protocol match
        /// any, a `nil` ``Route/requestedScope`` is nowhere (any, for IPv4). Only what identifies the route is
        /// written: prefixes, TOS, table, type, protocol, device, gateway, preferred source, metric,
        /// multipath or nexthop ID; not the metrics.
        case delete
    }

    /// The scope `ip route add` chooses when none is given: universe for IPv6; host for local and
    /// NAT routes; link for broadcast, multicast and anycast routes and for unicast routes with no
    /// gateway, via, multipath or nexthop ID; universe otherwise.
    public var defaultScope: RouteScope {
        if family == AddressFamily.inet6 || family == AddressFamily.mpls { return .universe }
        switch type {
        case .local, .nat: return .host
        case .broadcast, .multicast, .anycast: return .link
        case .unicast, .unspecified:
            return gateway == nil && via == nil && multipath.isEmpty && nexthopID == nil ? .link : .universe
        default: return .universe
        }
    }

    /// Writes the `struct rtmsg` and the attributes of a route request.
    ///
    /// A table above 255 goes in `RTA_TABLE` with `rtm_table` 0 (`RT_TABLE_UNSPEC`), as `ip` does.
    /// With a nexthop ID, the device, gateway, via and multipath are left out (the kernel refuses
    /// them together: "Nexthop specification and nexthop id are mutually exclusive"). `rtm_flags`
    /// is limited to ``RouteFlags/settable``. Metrics (and the congestion control algorithm) go in
    /// `RTA_METRICS`, and the multipath list in `RTA_MULTIPATH`, both without `NLA_F_NESTED`, as `ip`
    /// sends them. Input interface, mark and cache information are never written; the encapsulation
    /// (`RTA_ENCAP`, then `RTA_ENCAP_TYPE`) is when both its type and its parameters are set.
    ///
    /// - Throws: `NetlinkEncodingError` for a multipath weight outside 1...256 or an attribute too large.
    public func encode(into builder: inout NetlinkMessageBuilder, for purpose: EncodingPurpose = .add) throws(NetlinkEncodingError) {
        let adding = purpose == .add
        var header = RouteMessage(
            family: family, destinationLength: destinationPrefixLength, sourceLength: sourcePrefixLength, tos: tos,
            table: table.rawValue <= 255 ? UInt8(table.rawValue) : 0, protocol: `protocol`,
            scope: requestedScope ?? (adding ? defaultScope : .nowhere), type: type,
            flags: adding ? flags.intersection(.settable) : [])
        if adding {
            if header.type == .unspecified { header.type = .unicast }
            if header.protocol == .unspecified { header.protocol = .boot }
        }
        header.encode(into: &builder)
        if table.rawValue > 255 { try builder.appendAttribute(RouteAttribute.table, uint32: table.rawValue, .host) }
        if let destination { try builder.appendAttribute(RouteAttribute.destination, ip: destination) }
        if let source { try builder.appendAttribute(RouteAttribute.source, ip: source) }
        if nexthopID == nil {
            if let outputIndex { try builder.appendAttribute(RouteAttribute.outputInterface, int32: outputIndex, .host) }
            if let gateway { try builder.appendAttribute(RouteAttribute.gateway, ip: gateway) }
            if let via { try via.encode(into: &builder) }
        }
        if let preferredSource { try builder.appendAttribute(RouteAttribute.preferredSource, ip: preferredSource) }
        if let priority { try builder.appendAttribute(RouteAttribute.priority, uint32: priority, .host) }
        if adding, !metrics.isEmpty || congestionControl != nil { try encodeMetrics(into: &builder) }
        if nexthopID == nil, !multipath.isEmpty { try RouteNexthop.encodeMultipath(multipath, into: &builder) }
        if let nexthopID { try builder.appendAttribute(RouteAttribute.nexthopID, uint32: nexthopID, .host) }
        guard adding else { return }
        if let encapsulationType, let encapsulation {
            // As ip: RTA_ENCAP (nested) first, then RTA_ENCAP_TYPE.
            try builder.appendNested(RouteAttribute.encapsulation, encoded: encapsulation)
            try builder.appendAttribute(RouteAttribute.encapsulationType, uint16: encapsulationType, .host)
        }
        if let flow { try builder.appendAttribute(RouteAttribute.flow, uint32: flow, .host) }
        if family == AddressFamily.inet6 {
            if let preference { try builder.appendAttribute(RouteAttribute.preference, uint8: preference) }
            if let expires { try builder.appendAttribute(RouteAttribute.expires, uint32: UInt32(clamping: expires), .host) }
        }
    }

    private func encodeMetrics(into builder: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        do {
            try builder.appendNested(RouteAttribute.metrics, setNestedFlag: false) { b in
                for (type, value) in metrics.sorted(by: { $0.key < $1.key }) where type != RouteMetric.congestionControl {
                    try b.appendAttribute(type, uint32: value, .host)
                }
                if let congestionControl { try b.appendAttribute(RouteMetric.congestionControl, string: congestionControl) }
            }
        } catch let error as NetlinkEncodingError {
            throw error
        } catch {
            throw NetlinkEncodingError(NetlinkEncodingError.Code(rawValue: "valueOutOfRange"), attributeType: RouteAttribute.metrics)
        }
    }
}
