import NetlinkCore

/// A bridge identifier (`struct ifla_bridge_id`): a 2-byte priority and a 6-byte address.
public struct BridgeID: Hashable, Sendable {
    /// The priority (`prio[2]`, big-endian).
    public var priority: UInt16
    /// The address (`addr[6]`).
    public var address: [UInt8]

    /// Creates an identifier.
    public init(priority: UInt16, address: [UInt8]) {
        self.priority = priority
        self.address = address
    }

    /// Decodes the 8 bytes of `struct ifla_bridge_id`.
    init(_ a: borrowing NetlinkAttribute) throws(NetlinkDecodingError) {
        _ = try a.uint64(.host)  // exactly 8 bytes
        let b = a.bytes()
        self.init(priority: UInt16(b[0]) << 8 | UInt16(b[1]), address: Array(b[2..<8]))
    }
}

/// The data of a bridge (`IFLA_BR_*` of `<linux/if_link.h>`). Times are in hundredths of a second
/// (the kernel's `clock_t` units), as the kernel reports them.
public struct BridgeDetails: Hashable, Sendable {
    /// `IFLA_BR_FORWARD_DELAY`.
    public var forwardDelay: UInt32?
    /// `IFLA_BR_HELLO_TIME`.
    public var helloTime: UInt32?
    /// `IFLA_BR_MAX_AGE`.
    public var maxAge: UInt32?
    /// `IFLA_BR_AGEING_TIME`.
    public var ageingTime: UInt32?
    /// `IFLA_BR_STP_STATE`: 0 off, 1 kernel STP, 2 user-space STP.
    public var stpState: UInt32?
    /// `IFLA_BR_PRIORITY`.
    public var priority: UInt16?
    /// `IFLA_BR_VLAN_FILTERING`.
    public var vlanFiltering: Bool?
    /// `IFLA_BR_VLAN_PROTOCOL`: the EtherType (host order: 0x8100, 0x88a8).
    public var vlanProtocol: UInt16?
    /// `IFLA_BR_GROUP_FWD_MASK`.
    public var groupForwardMask: UInt16?
    /// `IFLA_BR_ROOT_ID`: the designated root.
    public var rootID: BridgeID?
    /// `IFLA_BR_BRIDGE_ID`.
    public var bridgeID: BridgeID?
    /// `IFLA_BR_ROOT_PORT`.
    public var rootPort: UInt16?
    /// `IFLA_BR_ROOT_PATH_COST`.
    public var rootPathCost: UInt32?
    /// `IFLA_BR_TOPOLOGY_CHANGE`.
    public var topologyChange: UInt8?
    /// `IFLA_BR_TOPOLOGY_CHANGE_DETECTED`.
    public var topologyChangeDetected: UInt8?
    /// `IFLA_BR_HELLO_TIMER`: time left.
    public var helloTimer: UInt64?
    /// `IFLA_BR_TCN_TIMER`.
    public var tcnTimer: UInt64?
    /// `IFLA_BR_TOPOLOGY_CHANGE_TIMER`.
    public var topologyChangeTimer: UInt64?
    /// `IFLA_BR_GC_TIMER`.
    public var gcTimer: UInt64?
    /// `IFLA_BR_GROUP_ADDR`.
    public var groupAddress: [UInt8]?
    /// `IFLA_BR_MCAST_ROUTER`: 0 disabled, 1 learned (default), 2 permanent.
    public var multicastRouter: UInt8?
    /// `IFLA_BR_MCAST_SNOOPING`.
    public var multicastSnooping: Bool?
    /// `IFLA_BR_MCAST_QUERY_USE_IFADDR`.
    public var multicastQueryUseInterfaceAddress: Bool?
    /// `IFLA_BR_MCAST_QUERIER`.
    public var multicastQuerier: Bool?
    /// `IFLA_BR_MCAST_HASH_ELASTICITY`.
    public var multicastHashElasticity: UInt32?
    /// `IFLA_BR_MCAST_HASH_MAX`.
    public var multicastHashMax: UInt32?
    /// `IFLA_BR_MCAST_LAST_MEMBER_CNT`.
    public var multicastLastMemberCount: UInt32?
    /// `IFLA_BR_MCAST_STARTUP_QUERY_CNT`.
    public var multicastStartupQueryCount: UInt32?
    /// `IFLA_BR_MCAST_LAST_MEMBER_INTVL`.
    public var multicastLastMemberInterval: UInt64?
    /// `IFLA_BR_MCAST_MEMBERSHIP_INTVL`.
    public var multicastMembershipInterval: UInt64?
    /// `IFLA_BR_MCAST_QUERIER_INTVL`.
    public var multicastQuerierInterval: UInt64?
    /// `IFLA_BR_MCAST_QUERY_INTVL`.
    public var multicastQueryInterval: UInt64?
    /// `IFLA_BR_MCAST_QUERY_RESPONSE_INTVL`.
    public var multicastQueryResponseInterval: UInt64?
    /// `IFLA_BR_MCAST_STARTUP_QUERY_INTVL`.
    public var multicastStartupQueryInterval: UInt64?
    /// `IFLA_BR_NF_CALL_IPTABLES`.
    public var netfilterCallIPTables: Bool?
    /// `IFLA_BR_NF_CALL_IP6TABLES`.
    public var netfilterCallIP6Tables: Bool?
    /// `IFLA_BR_NF_CALL_ARPTABLES`.
    public var netfilterCallARPTables: Bool?
    /// `IFLA_BR_VLAN_DEFAULT_PVID`.
    public var vlanDefaultPVID: UInt16?
    /// `IFLA_BR_VLAN_STATS_ENABLED`.
    public var vlanStatisticsEnabled: Bool?
    /// `IFLA_BR_MCAST_STATS_ENABLED`.
    public var multicastStatisticsEnabled: Bool?
    /// `IFLA_BR_MCAST_IGMP_VERSION`.
    public var multicastIGMPVersion: UInt8?
    /// `IFLA_BR_MCAST_MLD_VERSION`.
    public var multicastMLDVersion: UInt8?
    /// `IFLA_BR_VLAN_STATS_PER_PORT`.
    public var vlanStatisticsPerPort: Bool?
    /// `IFLA_BR_MULTI_BOOLOPT` (`struct br_boolopt_multi`): the option values, bit `BR_BOOLOPT_*`.
    public var booleanOptions: UInt32?
    /// `IFLA_BR_MULTI_BOOLOPT`: which bits of ``booleanOptions`` the kernel reports.
    public var booleanOptionsMask: UInt32?
    /// `IFLA_BR_MCAST_QUERIER_STATE`: the raw nested querier state.
    public var multicastQuerierState: [UInt8]?
    /// `IFLA_BR_FDB_N_LEARNED` (newer than the 6.1 headers).
    public var fdbLearned: UInt32?
    /// `IFLA_BR_FDB_MAX_LEARNED` (newer than the 6.1 headers).
    public var fdbMaxLearned: UInt32?

    /// `BR_BOOLOPT_NO_LL_LEARN`: the bit of ``booleanOptions``.
    public static let noLinkLocalLearnBit: UInt32 = 1 << 0
    /// `BR_BOOLOPT_MCAST_VLAN_SNOOPING`.
    public static let multicastVLANSnoopingBit: UInt32 = 1 << 1
    /// `BR_BOOLOPT_MST_ENABLE`.
    public static let mstEnableBit: UInt32 = 1 << 2

    /// Creates empty details.
    public init() {}

    /// Decodes an `IFLA_INFO_DATA` payload.
    public init(_ data: [UInt8]) throws(NetlinkDecodingError) {
        self.init()
        try forEachAttribute(in: data, "IFLA_BR") { (a) throws(NetlinkDecodingError) in
            typealias K = LinkAttribute.Bridge
            switch a.type {
            case K.forwardDelay: forwardDelay = try a.uint32(.host)
            case K.helloTime: helloTime = try a.uint32(.host)
            case K.maxAge: maxAge = try a.uint32(.host)
            case K.ageingTime: ageingTime = try a.uint32(.host)
            case K.stpState: stpState = try a.uint32(.host)
            case K.priority: priority = try a.uint16(.host)
            case K.vlanFiltering: vlanFiltering = try a.bool8()
            case K.vlanProtocol: vlanProtocol = try a.uint16(.bigEndian)
            case K.groupForwardMask: groupForwardMask = try a.uint16(.host)
            case K.rootID: rootID = try BridgeID(a)
            case K.bridgeID: bridgeID = try BridgeID(a)
            case K.rootPort: rootPort = try a.uint16(.host)
            case K.rootPathCost: rootPathCost = try a.uint32(.host)
            case K.topologyChange: topologyChange = try a.uint8()
            case K.topologyChangeDetected: topologyChangeDetected = try a.uint8()
            case K.helloTimer: helloTimer = try a.uint64(.host)
            case K.tcnTimer: tcnTimer = try a.uint64(.host)
            case K.topologyChangeTimer: topologyChangeTimer = try a.uint64(.host)
            case K.gcTimer: gcTimer = try a.uint64(.host)
            case K.groupAddress: groupAddress = a.hardwareAddress()
            case K.multicastRouter: multicastRouter = try a.uint8()
            case K.multicastSnooping: multicastSnooping = try a.bool8()
            case K.multicastQueryUseInterfaceAddress: multicastQueryUseInterfaceAddress = try a.bool8()
            case K.multicastQuerier: multicastQuerier = try a.bool8()
            case K.multicastHashElasticity: multicastHashElasticity = try a.uint32(.host)
            case K.multicastHashMax: multicastHashMax = try a.uint32(.host)
            case K.multicastLastMemberCount: multicastLastMemberCount = try a.uint32(.host)
            case K.multicastStartupQueryCount: multicastStartupQueryCount = try a.uint32(.host)
            case K.multicastLastMemberInterval: multicastLastMemberInterval = try a.uint64(.host)
            case K.multicastMembershipInterval: multicastMembershipInterval = try a.uint64(.host)
            case K.multicastQuerierInterval: multicastQuerierInterval = try a.uint64(.host)
            case K.multicastQueryInterval: multicastQueryInterval = try a.uint64(.host)
            case K.multicastQueryResponseInterval: multicastQueryResponseInterval = try a.uint64(.host)
            case K.multicastStartupQueryInterval: multicastStartupQueryInterval = try a.uint64(.host)
            case K.netfilterCallIPTables: netfilterCallIPTables = try a.bool8()
            case K.netfilterCallIP6Tables: netfilterCallIP6Tables = try a.bool8()
            case K.netfilterCallARPTables: netfilterCallARPTables = try a.bool8()
            case K.vlanDefaultPVID: vlanDefaultPVID = try a.uint16(.host)
            case K.vlanStatisticsEnabled: vlanStatisticsEnabled = try a.bool8()
            case K.multicastStatisticsEnabled: multicastStatisticsEnabled = try a.bool8()
            case K.multicastIGMPVersion: multicastIGMPVersion = try a.uint8()
            case K.multicastMLDVersion: multicastMLDVersion = try a.uint8()
            case K.vlanStatisticsPerPort: vlanStatisticsPerPort = try a.bool8()
            case K.multiBooleanOption:
                let both = try a.uint64(.host)  // struct br_boolopt_multi { __u32 optval; __u32 optmask; }
                booleanOptions = UInt32(truncatingIfNeeded: both)
                booleanOptionsMask = UInt32(truncatingIfNeeded: both >> 32)
            case K.multicastQuerierState: multicastQuerierState = a.bytes()
            case K.fdbLearned: fdbLearned = try a.uint32(.host)
            case K.fdbMaxLearned: fdbMaxLearned = try a.uint32(.host)
            default: break
            }
        }
    }
}

extension LinkAttribute {
    /// Nested in `IFLA_INFO_DATA` of a bridge (`IFLA_BR_*`).
    public enum Bridge {
        /// `IFLA_BR_FORWARD_DELAY` (1).
        public static let forwardDelay: UInt16 = 1
        /// `IFLA_BR_HELLO_TIME` (2).
        public static let helloTime: UInt16 = 2
        /// `IFLA_BR_MAX_AGE` (3).
        public static let maxAge: UInt16 = 3
        /// `IFLA_BR_AGEING_TIME` (4).
        public static let ageingTime: UInt16 = 4
        /// `IFLA_BR_STP_STATE` (5).
        public static let stpState: UInt16 = 5
        /// `IFLA_BR_PRIORITY` (6).
        public static let priority: UInt16 = 6
        /// `IFLA_BR_VLAN_FILTERING` (7).
        public static let vlanFiltering: UInt16 = 7
        /// `IFLA_BR_VLAN_PROTOCOL` (8).
        public static let vlanProtocol: UInt16 = 8
        /// `IFLA_BR_GROUP_FWD_MASK` (9).
        public static let groupForwardMask: UInt16 = 9
        /// `IFLA_BR_ROOT_ID` (10).
        public static let rootID: UInt16 = 10
        /// `IFLA_BR_BRIDGE_ID` (11).
        public static let bridgeID: UInt16 = 11
        /// `IFLA_BR_ROOT_PORT` (12).
        public static let rootPort: UInt16 = 12
        /// `IFLA_BR_ROOT_PATH_COST` (13).
        public static let rootPathCost: UInt16 = 13
        /// `IFLA_BR_TOPOLOGY_CHANGE` (14).
        public static let topologyChange: UInt16 = 14
        /// `IFLA_BR_TOPOLOGY_CHANGE_DETECTED` (15).
        public static let topologyChangeDetected: UInt16 = 15
        /// `IFLA_BR_HELLO_TIMER` (16).
        public static let helloTimer: UInt16 = 16
        /// `IFLA_BR_TCN_TIMER` (17).
        public static let tcnTimer: UInt16 = 17
        /// `IFLA_BR_TOPOLOGY_CHANGE_TIMER` (18).
        public static let topologyChangeTimer: UInt16 = 18
        /// `IFLA_BR_GC_TIMER` (19).
        public static let gcTimer: UInt16 = 19
        /// `IFLA_BR_GROUP_ADDR` (20).
        public static let groupAddress: UInt16 = 20
        /// `IFLA_BR_FDB_FLUSH` (21).
        public static let fdbFlush: UInt16 = 21
        /// `IFLA_BR_MCAST_ROUTER` (22).
        public static let multicastRouter: UInt16 = 22
        /// `IFLA_BR_MCAST_SNOOPING` (23).
        public static let multicastSnooping: UInt16 = 23
        /// `IFLA_BR_MCAST_QUERY_USE_IFADDR` (24).
        public static let multicastQueryUseInterfaceAddress: UInt16 = 24
        /// `IFLA_BR_MCAST_QUERIER` (25).
        public static let multicastQuerier: UInt16 = 25
        /// `IFLA_BR_MCAST_HASH_ELASTICITY` (26).
        public static let multicastHashElasticity: UInt16 = 26
        /// `IFLA_BR_MCAST_HASH_MAX` (27).
        public static let multicastHashMax: UInt16 = 27
        /// `IFLA_BR_MCAST_LAST_MEMBER_CNT` (28).
        public static let multicastLastMemberCount: UInt16 = 28
        /// `IFLA_BR_MCAST_STARTUP_QUERY_CNT` (29).
        public static let multicastStartupQueryCount: UInt16 = 29
        /// `IFLA_BR_MCAST_LAST_MEMBER_INTVL` (30).
        public static let multicastLastMemberInterval: UInt16 = 30
        /// `IFLA_BR_MCAST_MEMBERSHIP_INTVL` (31).
        public static let multicastMembershipInterval: UInt16 = 31
        /// `IFLA_BR_MCAST_QUERIER_INTVL` (32).
        public static let multicastQuerierInterval: UInt16 = 32
        /// `IFLA_BR_MCAST_QUERY_INTVL` (33).
        public static let multicastQueryInterval: UInt16 = 33
        /// `IFLA_BR_MCAST_QUERY_RESPONSE_INTVL` (34).
        public static let multicastQueryResponseInterval: UInt16 = 34
        /// `IFLA_BR_MCAST_STARTUP_QUERY_INTVL` (35).
        public static let multicastStartupQueryInterval: UInt16 = 35
        /// `IFLA_BR_NF_CALL_IPTABLES` (36).
        public static let netfilterCallIPTables: UInt16 = 36
        /// `IFLA_BR_NF_CALL_IP6TABLES` (37).
        public static let netfilterCallIP6Tables: UInt16 = 37
        /// `IFLA_BR_NF_CALL_ARPTABLES` (38).
        public static let netfilterCallARPTables: UInt16 = 38
        /// `IFLA_BR_VLAN_DEFAULT_PVID` (39).
        public static let vlanDefaultPVID: UInt16 = 39
        /// `IFLA_BR_PAD` (40).
        public static let pad: UInt16 = 40
        /// `IFLA_BR_VLAN_STATS_ENABLED` (41).
        public static let vlanStatisticsEnabled: UInt16 = 41
        /// `IFLA_BR_MCAST_STATS_ENABLED` (42).
        public static let multicastStatisticsEnabled: UInt16 = 42
        /// `IFLA_BR_MCAST_IGMP_VERSION` (43).
        public static let multicastIGMPVersion: UInt16 = 43
        /// `IFLA_BR_MCAST_MLD_VERSION` (44).
        public static let multicastMLDVersion: UInt16 = 44
        /// `IFLA_BR_VLAN_STATS_PER_PORT` (45).
        public static let vlanStatisticsPerPort: UInt16 = 45
        /// `IFLA_BR_MULTI_BOOLOPT` (46).
        public static let multiBooleanOption: UInt16 = 46
        /// `IFLA_BR_MCAST_QUERIER_STATE` (47).
        public static let multicastQuerierState: UInt16 = 47
        /// `IFLA_BR_FDB_N_LEARNED` (48), newer than the 6.1 headers.
        public static let fdbLearned: UInt16 = 48
        /// `IFLA_BR_FDB_MAX_LEARNED` (49), newer than the 6.1 headers.
        public static let fdbMaxLearned: UInt16 = 49
    }
}

/// Bridge options (`IFLA_BR_*`): what `ip link add|set ... type bridge` can send. A field left
/// `nil` is not sent. Times are in the kernel's units: centiseconds (`forwardDelay`, `helloTime`,
/// `maxAge`, `ageingTime` and the multicast intervals are clock ticks of 1/100 s).
public struct BridgeSettings: Sendable {
    /// `IFLA_BR_FORWARD_DELAY`.
    public var forwardDelay: UInt32?
    /// `IFLA_BR_HELLO_TIME`.
    public var helloTime: UInt32?
    /// `IFLA_BR_MAX_AGE`.
    public var maxAge: UInt32?
    /// `IFLA_BR_AGEING_TIME`.
    public var ageingTime: UInt32?
    /// `IFLA_BR_STP_STATE` (0 off, 1 on).
    public var stpState: UInt32?
    /// `IFLA_BR_PRIORITY`.
    public var priority: UInt16?
    /// `IFLA_BR_VLAN_FILTERING`.
    public var vlanFiltering: UInt8?
    /// `IFLA_BR_VLAN_PROTOCOL` (0x8100 for 802.1Q, 0x88a8 for 802.1ad; sent big-endian).
    public var vlanProtocol: UInt16?
    /// `IFLA_BR_GROUP_FWD_MASK`.
    public var groupForwardMask: UInt16?
    /// `IFLA_BR_GROUP_ADDR` (a hardware address).
    public var groupAddress: [UInt8]?
    /// Flush the forwarding database (`IFLA_BR_FDB_FLUSH`, a flag).
    public var flushForwardingDatabase = false
    /// `IFLA_BR_VLAN_DEFAULT_PVID`.
    public var vlanDefaultPVID: UInt16?
    /// `IFLA_BR_VLAN_STATS_ENABLED`.
    public var vlanStatsEnabled: UInt8?
    /// `IFLA_BR_VLAN_STATS_PER_PORT`.
    public var vlanStatsPerPort: UInt8?
    /// `IFLA_BR_MCAST_ROUTER`.
    public var multicastRouter: UInt8?
    /// `IFLA_BR_MCAST_SNOOPING`.
    public var multicastSnooping: UInt8?
    /// `IFLA_BR_MCAST_QUERY_USE_IFADDR`.
    public var multicastQueryUseInterfaceAddress: UInt8?
    /// `IFLA_BR_MCAST_QUERIER`.
    public var multicastQuerier: UInt8?
    /// `IFLA_BR_MCAST_HASH_ELASTICITY` (ignored by recent kernels).
    public var multicastHashElasticity: UInt32?
    /// `IFLA_BR_MCAST_HASH_MAX`.
    public var multicastHashMax: UInt32?
    /// `IFLA_BR_MCAST_LAST_MEMBER_CNT`.
    public var multicastLastMemberCount: UInt32?
    /// `IFLA_BR_MCAST_STARTUP_QUERY_CNT`.
    public var multicastStartupQueryCount: UInt32?
    /// `IFLA_BR_MCAST_LAST_MEMBER_INTVL`.
    public var multicastLastMemberInterval: UInt64?
    /// `IFLA_BR_MCAST_MEMBERSHIP_INTVL`.
    public var multicastMembershipInterval: UInt64?
    /// `IFLA_BR_MCAST_QUERIER_INTVL`.
    public var multicastQuerierInterval: UInt64?
    /// `IFLA_BR_MCAST_QUERY_INTVL`.
    public var multicastQueryInterval: UInt64?
    /// `IFLA_BR_MCAST_QUERY_RESPONSE_INTVL`.
    public var multicastQueryResponseInterval: UInt64?
    /// `IFLA_BR_MCAST_STARTUP_QUERY_INTVL`.
    public var multicastStartupQueryInterval: UInt64?
    /// `IFLA_BR_MCAST_STATS_ENABLED`.
    public var multicastStatsEnabled: UInt8?
    /// `IFLA_BR_MCAST_IGMP_VERSION`.
    public var igmpVersion: UInt8?
    /// `IFLA_BR_MCAST_MLD_VERSION`.
    public var mldVersion: UInt8?
    /// `IFLA_BR_NF_CALL_IPTABLES`.
    public var netfilterCallIPTables: UInt8?
    /// `IFLA_BR_NF_CALL_IP6TABLES`.
    public var netfilterCallIP6Tables: UInt8?
    /// `IFLA_BR_NF_CALL_ARPTABLES`.
    public var netfilterCallARPTables: UInt8?
    /// No learning from link-local frames (`BR_BOOLOPT_NO_LL_LEARN` in `IFLA_BR_MULTI_BOOLOPT`).
    public var noLinkLocalLearning: Bool?
    /// Per-VLAN multicast snooping (`BR_BOOLOPT_MCAST_VLAN_SNOOPING` in `IFLA_BR_MULTI_BOOLOPT`).
    public var multicastVLANSnooping: Bool?

    /// Creates empty settings.
    public init() {}

    func encode(into b: inout NetlinkMessageBuilder) throws {
        let words: [(UInt16, UInt32?)] = [
            (1, forwardDelay), (2, helloTime), (3, maxAge), (4, ageingTime), (5, stpState),
            (26, multicastHashElasticity), (27, multicastHashMax), (28, multicastLastMemberCount),
            (29, multicastStartupQueryCount),
        ]
        for (type, value) in words { if let value { try b.appendAttribute(type, uint32: value, .host) } }
        if let priority { try b.appendAttribute(6, uint16: priority, .host) }
        if let vlanProtocol { try b.appendAttribute(8, uint16: vlanProtocol, .bigEndian) }
        if let groupForwardMask { try b.appendAttribute(9, uint16: groupForwardMask, .host) }
        if let vlanDefaultPVID { try b.appendAttribute(39, uint16: vlanDefaultPVID, .host) }
        if let groupAddress { try b.appendAttribute(20, bytes: groupAddress) }
        if flushForwardingDatabase { try b.appendFlagAttribute(21) }
        let bytes: [(UInt16, UInt8?)] = [
            (7, vlanFiltering), (22, multicastRouter), (23, multicastSnooping), (24, multicastQueryUseInterfaceAddress),
            (25, multicastQuerier), (36, netfilterCallIPTables), (37, netfilterCallIP6Tables), (38, netfilterCallARPTables),
            (41, vlanStatsEnabled), (42, multicastStatsEnabled), (43, igmpVersion), (44, mldVersion), (45, vlanStatsPerPort),
        ]
        for (type, value) in bytes { if let value { try b.appendAttribute(type, uint8: value) } }
        let intervals: [(UInt16, UInt64?)] = [
            (30, multicastLastMemberInterval), (31, multicastMembershipInterval), (32, multicastQuerierInterval),
            (33, multicastQueryInterval), (34, multicastQueryResponseInterval), (35, multicastStartupQueryInterval),
        ]
        for (type, value) in intervals { if let value { try b.appendAttribute(type, uint64: value, .host) } }
        // struct br_boolopt_multi { __u32 optval; __u32 optmask; }
        var value: UInt32 = 0, mask: UInt32 = 0
        for (bit, option) in [(0, noLinkLocalLearning), (1, multicastVLANSnooping)] {
            guard let option else { continue }
            mask |= 1 << bit
            if option { value |= 1 << bit }
        }
        if mask != 0 { try b.appendAttribute(46, value: (value, mask)) }
    }
}
