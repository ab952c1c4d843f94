import NetlinkCore
import NetlinkRoute

extension RouteFuzzChecks {
    /// The exact round trip of a model whose encoder documents "decoding what this writes gives back
    /// an equal value": decode, encode, decode gives the decoded value, and encoding that writes the
    /// same bytes. Returns the decoded value.
    @discardableResult
    static func checkExactRoundTrip<Model: Hashable>(
        _ bytes: [UInt8], _ what: String, type: NetlinkMessageType, textFields: (Model) -> [String?],
        decode decoder: (borrowing NetlinkMessage) throws(NetlinkDecodingError) -> Model,
        encode encoder: (Model, inout NetlinkMessageBuilder) throws -> Void
    ) throws -> Result<Model, NetlinkDecodingError> {
        let result = try decode(bytes, what, decoder)
        guard case .success(let model) = result else { return result }
        let growth = textGrowthMayOverflow(textFields(model), messageSize: bytes.count)
        guard let first = try encode(type, what, refusalAllowed: growth, { b in try encoder(model, &b) }) else { return result }
        let decoded = try decode(first, "\(what) (encoded)", twice: false, decoder)
        guard case .success(let again) = decoded else { throw Failure("\(what): the encoded value does not decode: \(decoded)") }
        try require(again == model, "\(what) round trip:\n  decoded  \(again)\n  original \(model)")
        let second = try encode(type, "\(what) (again)", refusalAllowed: false, { b in try encoder(again, &b) })
        try require(second == first, "\(what): encoding the round-tripped value writes other bytes")
        return result
    }

    /// `Neighbor(decoding:)` and its exact round trip through `Neighbor.encode`.
    static func checkNeighbor(_ bytes: [UInt8]) throws {
        try checkExactRoundTrip(
            bytes, "neighbor", type: RouteMessageType.newNeighbor, textFields: { _ in [] },
            decode: { m throws(NetlinkDecodingError) in try Neighbor(decoding: m) },
            encode: { neighbor, b in try neighbor.encode(into: &b) })
    }

    /// `Rule(decoding:)` and its exact round trip through `Rule.encode`.
    static func checkRule(_ bytes: [UInt8]) throws {
        try checkExactRoundTrip(
            bytes, "rule", type: RouteMessageType.newRule, textFields: { [$0.inputInterface, $0.outputInterface] },
            decode: { m throws(NetlinkDecodingError) in try Rule(decoding: m) },
            encode: { rule, b in try rule.encode(into: &b) })
    }

    /// `Nexthop(decoding:)` and its exact round trip through `Nexthop.encode`; group weights are
    /// 1 ... 65,536.
    static func checkNexthop(_ bytes: [UInt8]) throws {
        let decoded = try checkExactRoundTrip(
            bytes, "nexthop", type: RouteMessageType.newNexthop, textFields: { _ in [] },
            decode: { m throws(NetlinkDecodingError) in try Nexthop(decoding: m) },
            encode: { nexthop, b in try nexthop.encode(into: &b) })
        if case .success(let nexthop) = decoded {
            try require(
                nexthop.group.allSatisfy { (1...NexthopGroupMember.maximumWeight).contains($0.weight) },
                "nexthop: a group weight outside 1...65536")
            try require(nexthop.isGroup == !nexthop.group.isEmpty, "nexthop: isGroup")
        }
    }

    /// A canonical encoding of a netconf value, written here since the library has none: the
    /// header, then each setting that is present as an s32 in host order, in `NETCONFA_*` order.
    static func encodeNetconf(_ netconf: Netconf, into builder: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        NetconfMessage(family: netconf.family).encode(into: &builder)
        let settings: [(UInt16, Int32?)] = [
            (NetconfAttribute.index, netconf.index), (NetconfAttribute.forwarding, netconf.forwarding),
            (NetconfAttribute.reversePathFilter, netconf.reversePathFilter),
            (NetconfAttribute.multicastForwarding, netconf.multicastForwarding),
            (NetconfAttribute.proxyNeighbor, netconf.proxyNeighbor),
            (NetconfAttribute.ignoreRoutesWithLinkDown, netconf.ignoreRoutesWithLinkDown),
            (NetconfAttribute.input, netconf.input), (NetconfAttribute.broadcastForwarding, netconf.broadcastForwarding),
        ]
        for case (let type, let value?) in settings { try builder.appendAttribute(type, int32: value, .host) }
    }

    /// `Netconf(decoding:)`: deterministic, and the canonical encoding of the decoded value decodes
    /// to it. The header is one byte: attributes start at 4 only when the payload has them (the
    /// kernel's `NLMSG_ALIGN(1)`), a payload of 1 to 3 bytes is a header alone.
    static func checkNetconf(_ bytes: [UInt8]) throws {
        let decoded = try checkExactRoundTrip(
            bytes, "netconf", type: RouteMessageType.newNetconf, textFields: { _ in [] },
            decode: { m throws(NetlinkDecodingError) in try Netconf(decoding: m) },
            encode: { netconf, b in try encodeNetconf(netconf, into: &b) })
        let payloadSize = bytes.count - NetlinkMessageHeader.size
        if payloadSize < NetconfMessage.structureSize {
            guard case .failure = decoded else { throw Failure("netconf: an empty payload decoded") }
        }
        if payloadSize <= NetconfMessage.size, case .success(let netconf) = decoded {
            try require(netconf == Netconf(family: netconf.family), "netconf: attributes read from a header-only payload")
        }
    }
}

extension RouteFuzzChecks {
    /// A canonical encoding of a namespace-ID message, written here since the library has none:
    /// `struct rtgenmsg` (padded to 4), `NETNSA_NSID`, then `NETNSA_PID` and `NETNSA_TARGET_NSID` when set.
    static func encodeNamespaceID(_ value: NamespaceIDAssignment, into builder: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        builder.append(UInt8(0))
        builder.appendZeros(3)
        try builder.appendAttribute(NamespaceIDAttribute.id, int32: value.id, .host)
        if let processID = value.processID { try builder.appendAttribute(NamespaceIDAttribute.pid, uint32: processID, .host) }
        if let targetID = value.targetID { try builder.appendAttribute(NamespaceIDAttribute.targetID, int32: targetID, .host) }
        if let currentID = value.currentID { try builder.appendAttribute(NamespaceIDAttribute.currentID, int32: currentID, .host) }
    }

    /// `NamespaceIDAssignment(decoding:)` (`RTM_NEWNSID`): deterministic, an empty payload refused,
    /// and the canonical encoding of the decoded value decodes to it.
    static func checkNamespaceID(_ bytes: [UInt8]) throws {
        let decoded = try checkExactRoundTrip(
            bytes, "nsid", type: RouteMessageType.newNamespaceID, textFields: { _ in [] },
            decode: { m throws(NetlinkDecodingError) in try NamespaceIDAssignment(decoding: m) },
            encode: { value, b in try encodeNamespaceID(value, into: &b) })
        if bytes.count == NetlinkMessageHeader.size, case .success = decoded { throw Failure("nsid: an empty payload decoded") }
    }

    /// A canonical encoding of a statistics report, written here since the library has none: the
    /// `if_stats_msg`, then `IFLA_STATS_LINK_64` (the counters kept), the raw extended, port and
    /// offload statistics and `IFLA_STATS_AF_SPEC` as decoded.
    static func encodeStatistics(_ report: LinkStatisticsReport, into builder: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        LinkStatisticsMessage(index: report.index, filterMask: report.filterMask).encode(into: &builder)
        if let link64 = report.link64 {
            var bytes: [UInt8] = []
            for counter in link64.counters { withUnsafeBytes(of: counter) { bytes.append(contentsOf: $0) } }  // host order
            try builder.appendAttribute(LinkStatisticsAttribute.link64, bytes: bytes)
        }
        if let data = report.linkExtended { try builder.appendAttribute(LinkStatisticsAttribute.linkExtended, bytes: data) }
        if let data = report.linkExtendedPort { try builder.appendAttribute(LinkStatisticsAttribute.linkExtendedPort, bytes: data) }
        if let data = report.linkOffload { try builder.appendAttribute(LinkStatisticsAttribute.linkOffload, bytes: data) }
        if let data = report.addressFamily { try builder.appendAttribute(LinkStatisticsAttribute.addressFamily, bytes: data) }
    }

    /// `LinkStatisticsReport(decoding:)` (`RTM_NEWSTATS`): deterministic, 25 to 32 counters in each
    /// `rtnl_link_stats64` kept, and the canonical encoding of the decoded value decodes to it.
    static func checkStatistics(_ bytes: [UInt8]) throws {
        let decoded = try checkExactRoundTrip(
            bytes, "stats", type: LinkStatisticsMessage.newStats, textFields: { _ in [] },
            decode: { m throws(NetlinkDecodingError) in try LinkStatisticsReport(decoding: m) },
            encode: { value, b in try encodeStatistics(value, into: &b) })
        if case .success(let report) = decoded {
            for statistics in [report.link64, report.offloadCPUHit] {
                guard let statistics else { continue }
                try require((25...32).contains(statistics.counters.count), "stats: \(statistics.counters.count) counters kept")
            }
        }
    }
}
