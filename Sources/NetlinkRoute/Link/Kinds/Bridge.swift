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

/// The data of a bridge port (`IFLA_BRPORT_*` of `<linux/if_link.h>`, in `IFLA_INFO_SLAVE_DATA`).
/// Timers are in hundredths of a second.
public struct BridgePortDetails: Hashable, Sendable {
    /// `IFLA_BRPORT_STATE`: disabled 0, listening 1, learning 2, forwarding 3, blocking 4.
    public var state: UInt8?
    /// `IFLA_BRPORT_PRIORITY`.
    public var priority: UInt16?
    /// `IFLA_BRPORT_COST`.
    public var cost: UInt32?
    /// `IFLA_BRPORT_MODE`: hairpin.
    public var hairpin: Bool?
    /// `IFLA_BRPORT_GUARD`: BPDU guard.
    public var guardBPDU: Bool?
    /// `IFLA_BRPORT_PROTECT`: root block.
    public var rootBlock: Bool?
    /// `IFLA_BRPORT_FAST_LEAVE`.
    public var fastLeave: Bool?
    /// `IFLA_BRPORT_LEARNING`.
    public var learning: Bool?
    /// `IFLA_BRPORT_UNICAST_FLOOD`.
    public var unicastFlood: Bool?
    /// `IFLA_BRPORT_PROXYARP`.
    public var proxyARP: Bool?
    /// `IFLA_BRPORT_LEARNING_SYNC`.
    public var learningSync: Bool?
    /// `IFLA_BRPORT_PROXYARP_WIFI`.
    public var proxyARPWiFi: Bool?
    /// `IFLA_BRPORT_ROOT_ID`: the designated root.
    public var rootID: BridgeID?
    /// `IFLA_BRPORT_BRIDGE_ID`: the designated bridge.
    public var bridgeID: BridgeID?
    /// `IFLA_BRPORT_DESIGNATED_PORT`.
    public var designatedPort: UInt16?
    /// `IFLA_BRPORT_DESIGNATED_COST`.
    public var designatedCost: UInt16?
    /// `IFLA_BRPORT_ID`.
    public var id: UInt16?
    /// `IFLA_BRPORT_NO`.
    public var number: UInt16?
    /// `IFLA_BRPORT_TOPOLOGY_CHANGE_ACK`.
    public var topologyChangeAck: UInt8?
    /// `IFLA_BRPORT_CONFIG_PENDING`.
    public var configPending: UInt8?
    /// `IFLA_BRPORT_MESSAGE_AGE_TIMER`.
    public var messageAgeTimer: UInt64?
    /// `IFLA_BRPORT_FORWARD_DELAY_TIMER`.
    public var forwardDelayTimer: UInt64?
    /// `IFLA_BRPORT_HOLD_TIMER`.
    public var holdTimer: UInt64?
    /// `IFLA_BRPORT_MULTICAST_ROUTER`.
    public var multicastRouter: UInt8?
    /// `IFLA_BRPORT_MCAST_FLOOD`.
    public var multicastFlood: Bool?
    /// `IFLA_BRPORT_MCAST_TO_UCAST`.
    public var multicastToUnicast: Bool?
    /// `IFLA_BRPORT_VLAN_TUNNEL`.
    public var vlanTunnel: Bool?
    /// `IFLA_BRPORT_BCAST_FLOOD`.
    public var broadcastFlood: Bool?
    /// `IFLA_BRPORT_GROUP_FWD_MASK`.
    public var groupForwardMask: UInt16?
    /// `IFLA_BRPORT_NEIGH_SUPPRESS`.
    public var neighborSuppress: Bool?
    /// `IFLA_BRPORT_ISOLATED`.
    public var isolated: Bool?
    /// `IFLA_BRPORT_BACKUP_PORT`: the backup port's index.
    public var backupPort: UInt32?
    /// `IFLA_BRPORT_MRP_RING_OPEN`.
    public var mrpRingOpen: Bool?
    /// `IFLA_BRPORT_MRP_IN_OPEN`.
    public var mrpInOpen: Bool?
    /// `IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT`.
    public var multicastEHTHostsLimit: UInt32?
    /// `IFLA_BRPORT_MCAST_EHT_HOSTS_CNT`.
    public var multicastEHTHostsCount: UInt32?
    /// `IFLA_BRPORT_LOCKED`.
    public var locked: Bool?
    /// `IFLA_BRPORT_MAB` (newer than the 6.1 headers): MAC authentication bypass.
    public var macAuthenticationBypass: Bool?
    /// `IFLA_BRPORT_MCAST_N_GROUPS` (newer than the 6.1 headers).
    public var multicastGroups: UInt32?
    /// `IFLA_BRPORT_MCAST_MAX_GROUPS` (newer than the 6.1 headers).
    public var multicastMaxGroups: UInt32?
    /// `IFLA_BRPORT_NEIGH_VLAN_SUPPRESS` (newer than the 6.1 headers).
    public var neighborVLANSuppress: Bool?
    /// `IFLA_BRPORT_BACKUP_NHID` (newer than the 6.1 headers).
    public var backupNexthopID: UInt32?

    /// Creates empty details.
    public init() {}

    /// Decodes an `IFLA_INFO_SLAVE_DATA` payload.
    public init(_ data: [UInt8]) throws(NetlinkDecodingError) {
        self.init()
        try forEachAttribute(in: data, "IFLA_BRPORT") { (a) throws(NetlinkDecodingError) in
            typealias K = LinkAttribute.BridgePort
            switch a.type {
            case K.state: state = try a.uint8()
            case K.priority: priority = try a.uint16(.host)
            case K.cost: cost = try a.uint32(.host)
            case K.mode: hairpin = try a.bool8()
            case K.guardBPDU: guardBPDU = try a.bool8()
            case K.protect: rootBlock = try a.bool8()
            case K.fastLeave: fastLeave = try a.bool8()
            case K.learning: learning = try a.bool8()
            case K.unicastFlood: unicastFlood = try a.bool8()
            case K.proxyARP: proxyARP = try a.bool8()
            case K.learningSync: learningSync = try a.bool8()
            case K.proxyARPWiFi: proxyARPWiFi = try a.bool8()
            case K.rootID: rootID = try BridgeID(a)
            case K.bridgeID: bridgeID = try BridgeID(a)
            case K.designatedPort: designatedPort = try a.uint16(.host)
            case K.designatedCost: designatedCost = try a.uint16(.host)
            case K.id: id = try a.uint16(.host)
            case K.number: number = try a.uint16(.host)
            case K.topologyChangeAck: topologyChangeAck = try a.uint8()
            case K.configPending: configPending = try a.uint8()
            case K.messageAgeTimer: messageAgeTimer = try a.uint64(.host)
            case K.forwardDelayTimer: forwardDelayTimer = try a.uint64(.host)
            case K.holdTimer: holdTimer = try a.uint64(.host)
            case K.multicastRouter: multicastRouter = try a.uint8()
            case K.multicastFlood: multicastFlood = try a.bool8()
            case K.multicastToUnicast: multicastToUnicast = try a.bool8()
            case K.vlanTunnel: vlanTunnel = try a.bool8()
            case K.broadcastFlood: broadcastFlood = try a.bool8()
            case K.groupForwardMask: groupForwardMask = try a.uint16(.host)
            case K.neighborSuppress: neighborSuppress = try a.bool8()
            case K.isolated: isolated = try a.bool8()
            case K.backupPort: backupPort = try a.uint32(.host)
            case K.mrpRingOpen: mrpRingOpen = try a.bool8()
            case K.mrpInOpen: mrpInOpen = try a.bool8()
            case K.multicastEHTHostsLimit: multicastEHTHostsLimit = try a.uint32(.host)
            case K.multicastEHTHostsCount: multicastEHTHostsCount = try a.uint32(.host)
            case K.locked: locked = try a.bool8()
            case K.macAuthenticationBypass: macAuthenticationBypass = try a.bool8()
            case K.multicastGroups: multicastGroups = try a.uint32(.host)
            case K.multicastMaxGroups: multicastMaxGroups = try a.uint32(.host)
            case K.neighborVLANSuppress: neighborVLANSuppress = try a.bool8()
            case K.backupNexthopID: backupNexthopID = try a.uint32(.host)
            default: break
            }
        }
    }
}
