import Netlink
import NetlinkCore

/// What to set on a link, for `RTM_NEWLINK` (create or change): every field is optional.
public struct LinkSettings: Sendable {
    /// The name (`IFLA_IFNAME`).
    public var name: String?
    /// The MTU (`IFLA_MTU`).
    public var mtu: UInt32?
    /// The hardware address (`IFLA_ADDRESS`).
    public var address: [UInt8]?
    /// The broadcast address (`IFLA_BROADCAST`).
    public var broadcast: [UInt8]?
    /// The transmit queue length (`IFLA_TXQLEN`).
    public var transmitQueueLength: UInt32?
    /// The alias (`IFLA_IFALIAS`; empty removes it).
    public var alias: String?
    /// The group (`IFLA_GROUP`).
    public var group: UInt32?
    /// The master's index (`IFLA_MASTER`); 0 detaches from the master.
    public var masterIndex: Int32?
    /// The parent link (`IFLA_LINK`), for macvlan, vxlan ...
    public var parentIndex: Int32?
    /// Move into the namespace of this descriptor (`IFLA_NET_NS_FD`).
    public var namespaceDescriptor: Int32?
    /// Move into the namespace of this process (`IFLA_NET_NS_PID`).
    public var namespaceProcess: UInt32?
    /// Administratively up or down (`IFF_UP` in `ifi_flags` / `ifi_change`).
    public var up: Bool?
    /// Transmit queues at creation (`IFLA_NUM_TX_QUEUES`).
    public var transmitQueues: UInt32?
    /// Receive queues at creation (`IFLA_NUM_RX_QUEUES`).
    public var receiveQueues: UInt32?
    /// The interface index to ask for at creation (`ifi_index`).
    public var index: Int32?
    /// The kind and its data, for creation (`IFLA_LINKINFO`).
    public var kind: Kind?
    /// Settings of the link as a port of its master (`IFLA_INFO_SLAVE_KIND` and
    /// `IFLA_INFO_SLAVE_DATA` in `IFLA_LINKINFO`), as `ip link set DEV type bridge_slave ...`.
    public var port: PortKind?

    /// The kind of master a port's settings are for.
    public enum PortKind: Sendable {
        /// A bridge port (`IFLA_BRPORT_*`).
        case bridge(BridgePortSettings)
    }

    /// A link kind and its data (`IFLA_INFO_KIND`, `IFLA_INFO_DATA`).
    public indirect enum Kind: Sendable {
        /// A veth pair; the peer's settings go in `VETH_INFO_PEER`.
        case veth(peer: LinkSettings)
        /// A macvlan or macvtap on the parent link, with `IFLA_MACVLAN_MODE`
        /// (private 1, vepa 2, bridge 4, passthru 8, source 16) and the other options.
        case macvlan(tap: Bool, mode: UInt32?, options: MACVLANOptions = MACVLANOptions())
        /// A VXLAN with its data.
        case vxlan(VXLANSettings)
        /// A bridge with its options (an empty ``BridgeSettings`` sends no data).
        case bridge(BridgeSettings)
        /// Any kind with no data ("bridge", "ifb", ...) or with raw data already encoded.
        case other(String, data: [UInt8]? = nil)

        /// The `IFLA_INFO_KIND` string.
        public var name: String {
            switch self {
            case .veth: "veth"
            case .macvlan(let tap, _, _): tap ? "macvtap" : "macvlan"
            case .vxlan: "vxlan"
            case .bridge: "bridge"
            case .other(let name, _): name
            }
        }
    }

    /// Creates empty settings.
    public init() {}

    /// Writes the `ifinfomsg` and the attributes.
    public func encode(into b: inout NetlinkMessageBuilder, index headerIndex: Int32 = 0) throws {
        var header = InterfaceInfoMessage(index: headerIndex != 0 ? headerIndex : (index ?? 0))
        if let up {
            header.flags = up ? InterfaceFlags.up.rawValue : 0
            header.change = InterfaceFlags.up.rawValue
        }
        header.encode(into: &b)
        try encodeAttributes(into: &b)
    }

    func encodeAttributes(into b: inout NetlinkMessageBuilder) throws {
        if let name { try b.appendAttribute(LinkAttribute.name, string: name) }
        if let mtu { try b.appendAttribute(LinkAttribute.mtu, uint32: mtu, .host) }
        if let address { try b.appendAttribute(LinkAttribute.address, bytes: address) }
        if let broadcast { try b.appendAttribute(LinkAttribute.broadcast, bytes: broadcast) }
        if let transmitQueueLength { try b.appendAttribute(LinkAttribute.transmitQueueLength, uint32: transmitQueueLength, .host) }
        if let alias { try b.appendAttribute(LinkAttribute.alias, bytes: Array(alias.utf8)) }
        if let group { try b.appendAttribute(27, uint32: group, .host) }
        if let masterIndex { try b.appendAttribute(LinkAttribute.master, int32: masterIndex, .host) }
        if let parentIndex { try b.appendAttribute(LinkAttribute.link, int32: parentIndex, .host) }
        if let namespaceDescriptor { try b.appendAttribute(LinkAttribute.namespaceFD, uint32: UInt32(bitPattern: namespaceDescriptor), .host) }
        if let namespaceProcess { try b.appendAttribute(LinkAttribute.namespacePID, uint32: namespaceProcess, .host) }
        if let transmitQueues { try b.appendAttribute(31, uint32: transmitQueues, .host) }
        if let receiveQueues { try b.appendAttribute(32, uint32: receiveQueues, .host) }
        guard kind != nil || port != nil else { return }
        try b.appendNested(LinkAttribute.linkInfo) { b in
            if case .bridge(let settings)? = port {
                try b.appendAttribute(4, string: "bridge")  // IFLA_INFO_SLAVE_KIND
                try b.appendNested(5) { b in try settings.encode(into: &b) }  // IFLA_INFO_SLAVE_DATA
            }
            guard let kind else { return }
            try b.appendAttribute(LinkAttribute.Info.kind, string: kind.name)
            switch kind {
            case .veth(let peer):
                try b.appendNested(LinkAttribute.Info.data) { b in
                    try b.appendNested(LinkAttribute.Veth.peer) { b in try peer.encode(into: &b) }
                }
            case .macvlan(_, let mode, let options):
                if mode != nil || !options.isEmpty {
                    try b.appendNested(LinkAttribute.Info.data) { b in
                        if let mode { try b.appendAttribute(1, uint32: mode, .host) }
                        try options.encode(into: &b)
                    }
                }
            case .vxlan(let settings):
                try b.appendNested(LinkAttribute.Info.data) { b in try settings.encode(into: &b) }
            case .bridge(let settings):
                // No IFLA_INFO_DATA when no option is set, as for a plain `ip link add … type bridge`.
                var data = NetlinkMessageBuilder(capacity: 256)
                try settings.encode(into: &data)
                if !data.bytes.isEmpty {
                    try b.appendNested(LinkAttribute.Info.data) { b in b.append(bytes: data.bytes) }
                }
            case .other(_, let data):
                if let data { try b.appendAttribute(LinkAttribute.Info.data, bytes: data) }
            }
        }
    }
}

/// The options of a macvlan or macvtap besides its mode (`IFLA_MACVLAN_*`).
public struct MACVLANOptions: Sendable {
    /// `IFLA_MACVLAN_FLAGS`: `MACVLAN_FLAG_NOPROMISC` 1, `MACVLAN_FLAG_NODST` 2.
    public var flags: UInt16?
    /// Changes to the allowed source addresses of `source` mode, sent in order.
    public var sourceAddressChanges: [SourceAddressChange] = []
    /// `IFLA_MACVLAN_BC_QUEUE_LEN`: the receive queue for broadcast and multicast.
    public var broadcastQueueLength: UInt32?

    /// A change to the source address list (`IFLA_MACVLAN_MACADDR_MODE` and its addresses).
    public enum SourceAddressChange: Sendable {
        /// Allow one more address (`MACVLAN_MACADDR_ADD`).
        case add([UInt8])
        /// Remove one (`MACVLAN_MACADDR_DEL`).
        case delete([UInt8])
        /// Remove all (`MACVLAN_MACADDR_FLUSH`).
        case flush
        /// Replace the list (`MACVLAN_MACADDR_SET`, the addresses in `IFLA_MACVLAN_MACADDR_DATA`).
        case set([[UInt8]])
    }

    /// Creates empty options.
    public init() {}

    /// Whether nothing is set.
    public var isEmpty: Bool { flags == nil && sourceAddressChanges.isEmpty && broadcastQueueLength == nil }

    func encode(into b: inout NetlinkMessageBuilder) throws {
        for change in sourceAddressChanges {
            switch change {
            case .add(let address):
                try b.appendAttribute(3, uint32: 0, .host)
                try b.appendAttribute(4, bytes: address)
            case .delete(let address):
                try b.appendAttribute(3, uint32: 1, .host)
                try b.appendAttribute(4, bytes: address)
            case .flush:
                try b.appendAttribute(3, uint32: 2, .host)
            case .set(let addresses):
                try b.appendAttribute(3, uint32: 3, .host)
                try b.appendNested(5) { b in
                    for address in addresses { try b.appendAttribute(4, bytes: address) }
                }
            }
        }
        if let broadcastQueueLength { try b.appendAttribute(7, uint32: broadcastQueueLength, .host) }
        if let flags { try b.appendAttribute(2, uint16: flags, .host) }
    }
}

/// VXLAN settings (`IFLA_VXLAN_*`): what `ip link add ... type vxlan` can send. Every field is
/// optional; a field left `nil` (or `false` for the flags) is not sent, so the kernel's default holds.
public struct VXLANSettings: Sendable {
    /// The VNI (`IFLA_VXLAN_ID`, below 2^24); `nil` for a metadata-collecting (`external`) device.
    public var id: UInt32?
    /// The multicast group or remote (`IFLA_VXLAN_GROUP` / `GROUP6`).
    public var remote: IPAddress?
    /// The local address (`IFLA_VXLAN_LOCAL` / `LOCAL6`).
    public var local: IPAddress?
    /// The underlying device (`IFLA_VXLAN_LINK`).
    public var deviceIndex: UInt32?
    /// The destination UDP port (`IFLA_VXLAN_PORT`, big-endian).
    public var port: UInt16?
    /// The TTL (`IFLA_VXLAN_TTL`; 0 is `auto`).
    public var ttl: UInt8?
    /// Take the TTL from the inner packet (`IFLA_VXLAN_TTL_INHERIT`, a flag).
    public var ttlInherit = false
    /// The TOS (`IFLA_VXLAN_TOS`; 1 is `inherit`).
    public var tos: UInt8?
    /// The outer header's DF bit (`IFLA_VXLAN_DF`).
    public var dontFragment: DontFragment?
    /// The IPv6 flow label (`IFLA_VXLAN_LABEL`, 20 bits, big-endian).
    public var flowLabel: UInt32?
    /// Learning (`IFLA_VXLAN_LEARNING`).
    public var learning: Bool?
    /// Seconds before a learned entry expires (`IFLA_VXLAN_AGEING`; 0: never).
    public var ageing: UInt32?
    /// The most forwarding entries (`IFLA_VXLAN_LIMIT`; 0: no limit).
    public var addressLimit: UInt32?
    /// The UDP source ports (`IFLA_VXLAN_PORT_RANGE`, both big-endian).
    public var sourcePorts: (low: UInt16, high: UInt16)?
    /// ARP/ND proxy (`IFLA_VXLAN_PROXY`).
    public var proxy: Bool?
    /// Route short circuit (`IFLA_VXLAN_RSC`).
    public var routeShortCircuit: Bool?
    /// Notify user space of layer 2 misses (`IFLA_VXLAN_L2MISS`).
    public var layer2Miss: Bool?
    /// Notify user space of layer 3 misses (`IFLA_VXLAN_L3MISS`).
    public var layer3Miss: Bool?
    /// UDP checksums over IPv4 (`IFLA_VXLAN_UDP_CSUM`).
    public var udpChecksum: Bool?
    /// Send zero UDP checksums over IPv6 (`IFLA_VXLAN_UDP_ZERO_CSUM6_TX`).
    public var zeroChecksum6Transmit: Bool?
    /// Accept zero UDP checksums over IPv6 (`IFLA_VXLAN_UDP_ZERO_CSUM6_RX`).
    public var zeroChecksum6Receive: Bool?
    /// Remote checksum offload on transmit (`IFLA_VXLAN_REMCSUM_TX`).
    public var remoteChecksumTransmit: Bool?
    /// Remote checksum offload on receive (`IFLA_VXLAN_REMCSUM_RX`).
    public var remoteChecksumReceive: Bool?
    /// Collect metadata: the `external` mode of tunnel routes (`IFLA_VXLAN_COLLECT_METADATA`).
    public var collectMetadata: Bool?
    /// VNI filtering, with `collectMetadata` (`IFLA_VXLAN_VNIFILTER`; newer than some headers).
    public var vniFilter: Bool?
    /// The Group Policy extension (`IFLA_VXLAN_GBP`, a flag).
    public var groupPolicy = false
    /// The Generic Protocol Extension (`IFLA_VXLAN_GPE`, a flag).
    public var genericProtocolExtension = false

    /// The DF bit of the outer header (`enum ifla_vxlan_df`).
    public enum DontFragment: UInt8, Sendable {
        case unset = 0, set = 1, inherit = 2
    }

    /// Creates settings for VNI `id`.
    public init(id: UInt32) { self.id = id }

    /// Creates settings without a VNI (for `collectMetadata`).
    public init() {}

    func encode(into b: inout NetlinkMessageBuilder) throws {
        if let id { try b.appendAttribute(1, uint32: id, .host) }
        if let remote {
            switch remote {
            case .v4(let a): try b.appendAttribute(2, ipv4: a)
            case .v6(let a): try b.appendAttribute(16, ipv6: a)
            }
        }
        if let deviceIndex { try b.appendAttribute(3, uint32: deviceIndex, .host) }
        if let local {
            switch local {
            case .v4(let a): try b.appendAttribute(4, ipv4: a)
            case .v6(let a): try b.appendAttribute(17, ipv6: a)
            }
        }
        if let ttl { try b.appendAttribute(5, uint8: ttl) }
        if ttlInherit { try b.appendFlagAttribute(28) }
        if let tos { try b.appendAttribute(6, uint8: tos) }
        if let dontFragment { try b.appendAttribute(29, uint8: dontFragment.rawValue) }
        if let flowLabel { try b.appendAttribute(26, uint32: flowLabel, .bigEndian) }
        if let learning { try b.appendAttribute(7, uint8: learning ? 1 : 0) }
        if let ageing { try b.appendAttribute(8, uint32: ageing, .host) }
        if let addressLimit { try b.appendAttribute(9, uint32: addressLimit, .host) }
        if let sourcePorts {
            try b.appendAttribute(10, value: (sourcePorts.low.bigEndian, sourcePorts.high.bigEndian))
        }
        let switches: [(UInt16, Bool?)] = [
            (11, proxy), (12, routeShortCircuit), (13, layer2Miss), (14, layer3Miss), (18, udpChecksum),
            (19, zeroChecksum6Transmit), (20, zeroChecksum6Receive), (21, remoteChecksumTransmit),
            (22, remoteChecksumReceive), (25, collectMetadata), (30, vniFilter),
        ]
        for (type, value) in switches {
            if let value { try b.appendAttribute(type, uint8: value ? 1 : 0) }
        }
        if groupPolicy { try b.appendFlagAttribute(23) }
        if genericProtocolExtension { try b.appendFlagAttribute(27) }
        if let port { try b.appendAttribute(15, uint16: port, .bigEndian) }
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

extension NetlinkConnection {
    /// Creates a link (`RTM_NEWLINK` with `NLM_F_CREATE | NLM_F_EXCL`).
    public func addLink(_ settings: LinkSettings) async throws(NetlinkError) {
        try await execute(type: RouteMessageType.newLink, flags: [.create, .exclusive], fixedHeaderSize: InterfaceInfoMessage.size) { b in
            try settings.encode(into: &b)
        }
    }

    /// Changes the link with index `index` (`RTM_NEWLINK` without `NLM_F_CREATE`).
    public func changeLink(index: Int32, _ settings: LinkSettings) async throws(NetlinkError) {
        try await execute(type: RouteMessageType.newLink, fixedHeaderSize: InterfaceInfoMessage.size) { b in
            try settings.encode(into: &b, index: index)
        }
    }
}
