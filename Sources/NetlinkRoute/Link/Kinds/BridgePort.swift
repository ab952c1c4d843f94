import NetlinkCore

extension LinkAttribute {
    /// Nested in `IFLA_INFO_SLAVE_DATA` of a bridge port (`IFLA_BRPORT_*`).
    public enum BridgePort {
        /// `IFLA_BRPORT_STATE` (1).
        public static let state: UInt16 = 1
        /// `IFLA_BRPORT_PRIORITY` (2).
        public static let priority: UInt16 = 2
        /// `IFLA_BRPORT_COST` (3).
        public static let cost: UInt16 = 3
        /// `IFLA_BRPORT_MODE` (4).
        public static let mode: UInt16 = 4
        /// `IFLA_BRPORT_GUARD` (5).
        public static let guardBPDU: UInt16 = 5
        /// `IFLA_BRPORT_PROTECT` (6).
        public static let protect: UInt16 = 6
        /// `IFLA_BRPORT_FAST_LEAVE` (7).
        public static let fastLeave: UInt16 = 7
        /// `IFLA_BRPORT_LEARNING` (8).
        public static let learning: UInt16 = 8
        /// `IFLA_BRPORT_UNICAST_FLOOD` (9).
        public static let unicastFlood: UInt16 = 9
        /// `IFLA_BRPORT_PROXYARP` (10).
        public static let proxyARP: UInt16 = 10
        /// `IFLA_BRPORT_LEARNING_SYNC` (11).
        public static let learningSync: UInt16 = 11
        /// `IFLA_BRPORT_PROXYARP_WIFI` (12).
        public static let proxyARPWiFi: UInt16 = 12
        /// `IFLA_BRPORT_ROOT_ID` (13).
        public static let rootID: UInt16 = 13
        /// `IFLA_BRPORT_BRIDGE_ID` (14).
        public static let bridgeID: UInt16 = 14
        /// `IFLA_BRPORT_DESIGNATED_PORT` (15).
        public static let designatedPort: UInt16 = 15
        /// `IFLA_BRPORT_DESIGNATED_COST` (16).
        public static let designatedCost: UInt16 = 16
        /// `IFLA_BRPORT_ID` (17).
        public static let id: UInt16 = 17
        /// `IFLA_BRPORT_NO` (18).
        public static let number: UInt16 = 18
        /// `IFLA_BRPORT_TOPOLOGY_CHANGE_ACK` (19).
        public static let topologyChangeAck: UInt16 = 19
        /// `IFLA_BRPORT_CONFIG_PENDING` (20).
        public static let configPending: UInt16 = 20
        /// `IFLA_BRPORT_MESSAGE_AGE_TIMER` (21).
        public static let messageAgeTimer: UInt16 = 21
        /// `IFLA_BRPORT_FORWARD_DELAY_TIMER` (22).
        public static let forwardDelayTimer: UInt16 = 22
        /// `IFLA_BRPORT_HOLD_TIMER` (23).
        public static let holdTimer: UInt16 = 23
        /// `IFLA_BRPORT_FLUSH` (24).
        public static let flush: UInt16 = 24
        /// `IFLA_BRPORT_MULTICAST_ROUTER` (25).
        public static let multicastRouter: UInt16 = 25
        /// `IFLA_BRPORT_PAD` (26).
        public static let pad: UInt16 = 26
        /// `IFLA_BRPORT_MCAST_FLOOD` (27).
        public static let multicastFlood: UInt16 = 27
        /// `IFLA_BRPORT_MCAST_TO_UCAST` (28).
        public static let multicastToUnicast: UInt16 = 28
        /// `IFLA_BRPORT_VLAN_TUNNEL` (29).
        public static let vlanTunnel: UInt16 = 29
        /// `IFLA_BRPORT_BCAST_FLOOD` (30).
        public static let broadcastFlood: UInt16 = 30
        /// `IFLA_BRPORT_GROUP_FWD_MASK` (31).
        public static let groupForwardMask: UInt16 = 31
        /// `IFLA_BRPORT_NEIGH_SUPPRESS` (32).
        public static let neighborSuppress: UInt16 = 32
        /// `IFLA_BRPORT_ISOLATED` (33).
        public static let isolated: UInt16 = 33
        /// `IFLA_BRPORT_BACKUP_PORT` (34).
        public static let backupPort: UInt16 = 34
        /// `IFLA_BRPORT_MRP_RING_OPEN` (35).
        public static let mrpRingOpen: UInt16 = 35
        /// `IFLA_BRPORT_MRP_IN_OPEN` (36).
        public static let mrpInOpen: UInt16 = 36
        /// `IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT` (37).
        public static let multicastEHTHostsLimit: UInt16 = 37
        /// `IFLA_BRPORT_MCAST_EHT_HOSTS_CNT` (38).
        public static let multicastEHTHostsCount: UInt16 = 38
        /// `IFLA_BRPORT_LOCKED` (39).
        public static let locked: UInt16 = 39
        /// `IFLA_BRPORT_MAB` (40), newer than the 6.1 headers.
        public static let macAuthenticationBypass: UInt16 = 40
        /// `IFLA_BRPORT_MCAST_N_GROUPS` (41), newer than the 6.1 headers.
        public static let multicastGroups: UInt16 = 41
        /// `IFLA_BRPORT_MCAST_MAX_GROUPS` (42), newer than the 6.1 headers.
        public static let multicastMaxGroups: UInt16 = 42
        /// `IFLA_BRPORT_NEIGH_VLAN_SUPPRESS` (43), newer than the 6.1 headers.
        public static let neighborVLANSuppress: UInt16 = 43
        /// `IFLA_BRPORT_BACKUP_NHID` (44), newer than the 6.1 headers.
        public static let backupNexthopID: UInt16 = 44
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

/// Bridge port settings (`IFLA_BRPORT_*`): what `ip link set DEV type bridge_slave` can send.
/// A field left `nil` (or `false` for the flag) is not sent.
public struct BridgePortSettings: Sendable {
    /// `IFLA_BRPORT_STATE` (0 disabled, 1 listening, 2 learning, 3 forwarding, 4 blocking).
    public var state: UInt8?
    /// `IFLA_BRPORT_PRIORITY`.
    public var priority: UInt16?
    /// `IFLA_BRPORT_COST`.
    public var cost: UInt32?
    /// Hairpin mode (`IFLA_BRPORT_MODE`).
    public var hairpin: Bool?
    /// BPDU guard (`IFLA_BRPORT_GUARD`).
    public var guardBPDU: Bool?
    /// Root port protection (`IFLA_BRPORT_PROTECT`, ip's `root_block`).
    public var rootBlock: Bool?
    /// Multicast fast leave (`IFLA_BRPORT_FAST_LEAVE`: ip's `fastleave` and `mcast_fast_leave`).
    public var fastLeave: Bool?
    /// `IFLA_BRPORT_LEARNING`.
    public var learning: Bool?
    /// Unknown unicast flooding (`IFLA_BRPORT_UNICAST_FLOOD`, ip's `flood`).
    public var unicastFlood: Bool?
    /// `IFLA_BRPORT_PROXYARP`.
    public var proxyARP: Bool?
    /// `IFLA_BRPORT_PROXYARP_WIFI`.
    public var proxyARPWiFi: Bool?
    /// `IFLA_BRPORT_MULTICAST_ROUTER`.
    public var multicastRouter: UInt8?
    /// `IFLA_BRPORT_MCAST_FLOOD`.
    public var multicastFlood: Bool?
    /// `IFLA_BRPORT_MCAST_TO_UCAST`.
    public var multicastToUnicast: Bool?
    /// `IFLA_BRPORT_BCAST_FLOOD`.
    public var broadcastFlood: Bool?
    /// `IFLA_BRPORT_GROUP_FWD_MASK`.
    public var groupForwardMask: UInt16?
    /// `IFLA_BRPORT_NEIGH_SUPPRESS`.
    public var neighborSuppress: Bool?
    /// `IFLA_BRPORT_VLAN_TUNNEL`.
    public var vlanTunnel: Bool?
    /// `IFLA_BRPORT_ISOLATED`.
    public var isolated: Bool?
    /// `IFLA_BRPORT_LOCKED`.
    public var locked: Bool?
    /// The backup port's index (`IFLA_BRPORT_BACKUP_PORT`; 0 removes it).
    public var backupPortIndex: UInt32?
    /// Flush the port's forwarding entries (`IFLA_BRPORT_FLUSH`, a flag).
    public var flushForwardingDatabase = false

    /// Creates empty settings.
    public init() {}

    func encode(into b: inout NetlinkMessageBuilder) throws {
        if let state { try b.appendAttribute(1, uint8: state) }
        if let priority { try b.appendAttribute(2, uint16: priority, .host) }
        if let cost { try b.appendAttribute(3, uint32: cost, .host) }
        let switches: [(UInt16, Bool?)] = [
            (4, hairpin), (5, guardBPDU), (6, rootBlock), (7, fastLeave), (8, learning), (9, unicastFlood), (10, proxyARP),
            (12, proxyARPWiFi), (27, multicastFlood), (28, multicastToUnicast), (29, vlanTunnel), (30, broadcastFlood),
            (32, neighborSuppress), (33, isolated), (39, locked),
        ]
        for (type, value) in switches {
            if let value { try b.appendAttribute(type, uint8: value ? 1 : 0) }
        }
        if let multicastRouter { try b.appendAttribute(25, uint8: multicastRouter) }
        if let groupForwardMask { try b.appendAttribute(31, uint16: groupForwardMask, .host) }
        if let backupPortIndex { try b.appendAttribute(34, uint32: backupPortIndex, .host) }
        if flushForwardingDatabase { try b.appendFlagAttribute(24) }
    }
}
