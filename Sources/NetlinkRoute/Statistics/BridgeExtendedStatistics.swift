import NetlinkCore

/// The types inside `IFLA_STATS_LINK_XSTATS` and `IFLA_STATS_LINK_XSTATS_SLAVE`
/// (`LINK_XSTATS_TYPE_*` of `<linux/if_link.h>`): one nest per link kind that has extended
/// statistics.
public enum LinkExtendedStatisticsType {
    /// `LINK_XSTATS_TYPE_BRIDGE`: a bridge's, or a bridge port's (``BridgeExtendedStatistics``).
    public static let bridge: UInt16 = 1
    /// `LINK_XSTATS_TYPE_BOND`: a bond's, or a bond port's (802.3ad counters).
    public static let bond: UInt16 = 2
}

/// The attributes inside `LINK_XSTATS_TYPE_BRIDGE` (`BRIDGE_XSTATS_*` of `<linux/if_bridge.h>`).
public enum BridgeExtendedStatisticsAttribute {
    /// `BRIDGE_XSTATS_VLAN`: `struct bridge_vlan_xstats`, one per VLAN (bridges with VLAN filtering).
    public static let vlan: UInt16 = 1
    /// `BRIDGE_XSTATS_MCAST`: `struct br_mcast_stats`.
    public static let multicast: UInt16 = 2
    /// `BRIDGE_XSTATS_PAD`.
    public static let pad: UInt16 = 3
    /// `BRIDGE_XSTATS_STP`: `struct bridge_stp_xstats` (ports only).
    public static let spanningTree: UInt16 = 4
}

/// A bridge's or a bridge port's extended statistics: the `LINK_XSTATS_TYPE_BRIDGE` nest of
/// ``LinkStatisticsReport/linkExtended`` (a bridge) or ``LinkStatisticsReport/linkExtendedPort``
/// (a port), as `ip link xstats type bridge | bridge_slave` and `ip stats` read them.
public struct BridgeExtendedStatistics: Hashable, Sendable {
    /// `BRIDGE_XSTATS_MCAST`: the multicast snooping counters.
    public var multicast: BridgeMulticastStatistics?
    /// `BRIDGE_XSTATS_STP`: the spanning-tree counters of a port.
    public var spanningTree: BridgeSpanningTreeStatistics?
    /// `BRIDGE_XSTATS_VLAN`: each VLAN's `struct bridge_vlan_xstats`, as the kernel sent it.
    public var vlans: [[UInt8]] = []

    /// Creates empty statistics.
    public init(multicast: BridgeMulticastStatistics? = nil, spanningTree: BridgeSpanningTreeStatistics? = nil, vlans: [[UInt8]] = []) {
        self.multicast = multicast
        self.spanningTree = spanningTree
        self.vlans = vlans
    }

    /// Decodes the `LINK_XSTATS_TYPE_BRIDGE` nest of an extended-statistics payload (the bytes of
    /// ``LinkStatisticsReport/linkExtended`` or ``LinkStatisticsReport/linkExtendedPort``);
    /// `nil` when the payload has none (another kind's). The first of a repeated attribute counts;
    /// structures shorter than this library's are read as far as they go (the rest 0), longer ones
    /// as far as it knows.
    /// - Throws: `NetlinkDecodingError` for a malformed attribute.
    public init?(extendedStatistics payload: [UInt8]) throws(NetlinkDecodingError) {
        var found: BridgeExtendedStatistics?
        var outer = NetlinkAttributes(payload.span.bytes)
        while let kind = try outer.next() {
            guard kind.type == LinkExtendedStatisticsType.bridge, found == nil else { continue }
            var statistics = BridgeExtendedStatistics()
            var inner = try kind.nested()
            while let item = try inner.next() {
                switch item.type {
                case BridgeExtendedStatisticsAttribute.multicast where statistics.multicast == nil:
                    statistics.multicast = BridgeMulticastStatistics(counters: Self.counters(item.bytes()))
                case BridgeExtendedStatisticsAttribute.spanningTree where statistics.spanningTree == nil:
                    statistics.spanningTree = BridgeSpanningTreeStatistics(counters: Self.counters(item.bytes()))
                case BridgeExtendedStatisticsAttribute.vlan: statistics.vlans.append(item.bytes())
                default: continue
                }
            }
            found = statistics
        }
        guard let found else { return nil }
        self = found
    }

    /// The `__u64` counters of a structure, in host order (a trailing partial counter dropped).
    static func counters(_ bytes: [UInt8]) -> [UInt64] {
        bytes.withUnsafeBytes { raw in (0..<(raw.count / 8)).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) } }
    }
}

/// A received / transmitted pair of counters (`[BR_MCAST_DIR_RX]`, `[BR_MCAST_DIR_TX]`).
public struct BridgeDirectionCounters: Hashable, Sendable {
    /// Received.
    public var received: UInt64
    /// Transmitted.
    public var transmitted: UInt64

    /// Creates a pair.
    public init(received: UInt64 = 0, transmitted: UInt64 = 0) {
        self.received = received
        self.transmitted = transmitted
    }
}

/// `struct br_mcast_stats` (240 bytes): the bridge's multicast snooping counters.
public struct BridgeMulticastStatistics: Hashable, Sendable {
    /// `sizeof(struct br_mcast_stats)`.
    public static let size = 240

    /// `igmp_v1queries`, `igmp_v2queries`, `igmp_v3queries`.
    public var igmpV1Queries = BridgeDirectionCounters(), igmpV2Queries = BridgeDirectionCounters(), igmpV3Queries = BridgeDirectionCounters()
    /// `igmp_leaves`.
    public var igmpLeaves = BridgeDirectionCounters()
    /// `igmp_v1reports`, `igmp_v2reports`, `igmp_v3reports`.
    public var igmpV1Reports = BridgeDirectionCounters(), igmpV2Reports = BridgeDirectionCounters(), igmpV3Reports = BridgeDirectionCounters()
    /// `igmp_parse_errors`.
    public var igmpParseErrors: UInt64 = 0
    /// `mld_v1queries`, `mld_v2queries`.
    public var mldV1Queries = BridgeDirectionCounters(), mldV2Queries = BridgeDirectionCounters()
    /// `mld_leaves`.
    public var mldLeaves = BridgeDirectionCounters()
    /// `mld_v1reports`, `mld_v2reports`.
    public var mldV1Reports = BridgeDirectionCounters(), mldV2Reports = BridgeDirectionCounters()
    /// `mld_parse_errors`.
    public var mldParseErrors: UInt64 = 0
    /// `mcast_bytes`.
    public var bytes = BridgeDirectionCounters()
    /// `mcast_packets`.
    public var packets = BridgeDirectionCounters()

    /// Creates zero counters.
    public init() {}

    /// Reads a `struct br_mcast_stats` (host order) as far as `bytes` go; missing counters are 0.
    public init(bytes: [UInt8]) {
        self.init(counters: BridgeExtendedStatistics.counters(bytes))
    }

    /// Reads the structure's 30 counters in order (missing ones 0).
    init(counters c: [UInt64]) {
        func at(_ index: Int) -> UInt64 { index < c.count ? c[index] : 0 }
        func pair(_ index: Int) -> BridgeDirectionCounters { BridgeDirectionCounters(received: at(index), transmitted: at(index + 1)) }
        (igmpV1Queries, igmpV2Queries, igmpV3Queries, igmpLeaves) = (pair(0), pair(2), pair(4), pair(6))
        (igmpV1Reports, igmpV2Reports, igmpV3Reports, igmpParseErrors) = (pair(8), pair(10), pair(12), at(14))
        (mldV1Queries, mldV2Queries, mldLeaves, mldV1Reports, mldV2Reports) = (pair(15), pair(17), pair(19), pair(21), pair(23))
        (mldParseErrors, bytes, packets) = (at(25), pair(26), pair(28))
    }

    /// The structure's bytes (host order), as the kernel writes it.
    public var encoded: [UInt8] {
        let pairs = [igmpV1Queries, igmpV2Queries, igmpV3Queries, igmpLeaves, igmpV1Reports, igmpV2Reports, igmpV3Reports]
        var words = pairs.flatMap { [$0.received, $0.transmitted] } + [igmpParseErrors]
        words += [mldV1Queries, mldV2Queries, mldLeaves, mldV1Reports, mldV2Reports].flatMap { [$0.received, $0.transmitted] } + [mldParseErrors]
        words += [bytes.received, bytes.transmitted, packets.received, packets.transmitted]
        return words.flatMap { word in withUnsafeBytes(of: word) { Array($0) } }
    }
}

/// `struct bridge_stp_xstats` (48 bytes): a bridge port's spanning-tree counters.
public struct BridgeSpanningTreeStatistics: Hashable, Sendable {
    /// `sizeof(struct bridge_stp_xstats)`.
    public static let size = 48

    /// `transition_blk`: moves to the blocking state.
    public var transitionsToBlocking: UInt64 = 0
    /// `transition_fwd`: moves to the forwarding state.
    public var transitionsToForwarding: UInt64 = 0
    /// `rx_bpdu`, `tx_bpdu`: configuration BPDUs.
    public var bpdus = BridgeDirectionCounters()
    /// `rx_tcn`, `tx_tcn`: topology change notifications.
    public var topologyChangeNotifications = BridgeDirectionCounters()

    /// Creates zero counters.
    public init() {}

    /// Reads a `struct bridge_stp_xstats` (host order) as far as `bytes` go; missing counters are 0.
    public init(bytes: [UInt8]) {
        self.init(counters: BridgeExtendedStatistics.counters(bytes))
    }

    /// Reads the structure's 6 counters in order (missing ones 0).
    init(counters c: [UInt64]) {
        func at(_ index: Int) -> UInt64 { index < c.count ? c[index] : 0 }
        (transitionsToBlocking, transitionsToForwarding) = (at(0), at(1))
        bpdus = BridgeDirectionCounters(received: at(2), transmitted: at(3))
        topologyChangeNotifications = BridgeDirectionCounters(received: at(4), transmitted: at(5))
    }

    /// The structure's bytes (host order), as the kernel writes it.
    public var encoded: [UInt8] {
        [transitionsToBlocking, transitionsToForwarding, bpdus.received, bpdus.transmitted,
         topologyChangeNotifications.received, topologyChangeNotifications.transmitted].flatMap { word in withUnsafeBytes(of: word) { Array($0) } }
    }
}
