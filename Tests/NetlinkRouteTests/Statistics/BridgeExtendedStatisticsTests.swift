import Netlink
import NetlinkCore
import NetlinkRoute
import Testing

/// `BridgeExtendedStatistics`: the `LINK_XSTATS_TYPE_BRIDGE` nest of `IFLA_STATS_LINK_XSTATS` and
/// `IFLA_STATS_LINK_XSTATS_SLAVE`, from golden bytes and from this kernel.
@Suite("Bridge extended statistics")
struct BridgeExtendedStatisticsTests {
    /// Every counter lands in its field (each distinct), STP too; a VLAN entry is kept; another
    /// kind's nest is skipped; a payload with no bridge nest is `nil`; a short structure reads as
    /// far as it goes.
    @Test func decodesGoldenBytes() throws {
        let words = (1...30).map { UInt64($0) * 1000 + 7 }
        let multicastBytes = words.flatMap { word in withUnsafeBytes(of: word) { Array($0) } }
        let stpBytes = (1...6).map { UInt64($0) }.flatMap { word in withUnsafeBytes(of: word) { Array($0) } }
        var b = NetlinkMessageBuilder()
        try b.appendNested(LinkExtendedStatisticsType.bond) { b in try b.appendAttribute(1, bytes: [1, 2, 3, 4]) }
        try b.appendNested(LinkExtendedStatisticsType.bridge) { b in
            try b.appendAttribute(BridgeExtendedStatisticsAttribute.vlan, bytes: [9, 9, 9, 9])
            try b.appendAttribute(BridgeExtendedStatisticsAttribute.pad, bytes: [])
            try b.appendAttribute(BridgeExtendedStatisticsAttribute.multicast, bytes: multicastBytes)
            try b.appendAttribute(BridgeExtendedStatisticsAttribute.spanningTree, bytes: stpBytes)
        }
        let statistics = try #require(try BridgeExtendedStatistics(extendedStatistics: b.bytes))
        let m = try #require(statistics.multicast)
        #expect(m.igmpV1Queries == BridgeDirectionCounters(received: 1007, transmitted: 2007))
        #expect(m.igmpV3Queries.transmitted == 6007)
        #expect(m.igmpLeaves == BridgeDirectionCounters(received: 7007, transmitted: 8007))
        #expect(m.igmpV1Reports.received == 9007 && m.igmpV3Reports.transmitted == 14007)
        #expect(m.igmpParseErrors == 15007)
        #expect(m.mldV1Queries.received == 16007 && m.mldV2Reports.transmitted == 25007)
        #expect(m.mldParseErrors == 26007)
        #expect(m.bytes == BridgeDirectionCounters(received: 27007, transmitted: 28007))
        #expect(m.packets == BridgeDirectionCounters(received: 29007, transmitted: 30007))
        #expect(m.encoded == multicastBytes)
        let stp = try #require(statistics.spanningTree)
        #expect(stp.transitionsToBlocking == 1 && stp.transitionsToForwarding == 2)
        #expect(stp.bpdus == BridgeDirectionCounters(received: 3, transmitted: 4))
        #expect(stp.topologyChangeNotifications == BridgeDirectionCounters(received: 5, transmitted: 6))
        #expect(stp.encoded == stpBytes)
        #expect(statistics.vlans == [[9, 9, 9, 9]])

        var bondOnly = NetlinkMessageBuilder()
        try bondOnly.appendNested(LinkExtendedStatisticsType.bond) { b in try b.appendAttribute(1, bytes: [1, 2, 3, 4]) }
        #expect(try BridgeExtendedStatistics(extendedStatistics: bondOnly.bytes) == nil)
        #expect(BridgeMulticastStatistics(bytes: Array(multicastBytes.prefix(20))).igmpV1Queries == BridgeDirectionCounters(received: 1007, transmitted: 2007))
        #expect(BridgeMulticastStatistics(bytes: Array(multicastBytes.prefix(20))).igmpV2Queries == BridgeDirectionCounters())
        #expect(throws: NetlinkDecodingError.self) { try BridgeExtendedStatistics(extendedStatistics: [8, 0, 1, 0, 1]) }
    }

    /// A bridge and a port, both up: the bridge's group has multicast counters and no STP ones,
    /// the port's has both (nlctl's `link xstats` tests compare the counters with ip's).
    @Test(.enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
    func bridgeAndPortFromTheKernel() async throws {
        guard await linkKindsPresent(["bridge", "veth"]) else { return }
        let (_, connection) = try routeTestConnection()
        var bridge = LinkSettings()
        bridge.name = "br0"
        bridge.kind = .other("bridge")
        try await connection.addLink(bridge)
        try await connection.createVethPair(name: "va", peerName: "vb")
        let bridgeIndex = try await connection.link(named: "br0").index
        let port = try await connection.link(named: "va").index
        try await connection.setMaster(ofLink: port, to: bridgeIndex)
        for name in ["br0", "va", "vb"] { try await connection.setLink(index: try await connection.link(named: name).index, up: true) }
        let reports = try await connection.allLinkStatistics(filter: [.linkExtended, .linkExtendedPort])
        let bridgeReport = try #require(reports.first { $0.index == UInt32(bitPattern: bridgeIndex) })
        let portReport = try #require(reports.first { $0.index == UInt32(bitPattern: port) })
        let bridgePayload = try #require(bridgeReport.linkExtended)
        let portPayload = try #require(portReport.linkExtendedPort)
        let ofBridge = try #require(try BridgeExtendedStatistics(extendedStatistics: bridgePayload))
        #expect(ofBridge.multicast != nil)
        #expect(ofBridge.spanningTree == nil, "STP counters are a port's")
        let ofPort = try #require(try BridgeExtendedStatistics(extendedStatistics: portPayload))
        #expect(ofPort.multicast != nil && ofPort.spanningTree != nil)
    }
}
