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

    /// A link kind and its data (`IFLA_INFO_KIND`, `IFLA_INFO_DATA`).
    public indirect enum Kind: Sendable {
        /// A veth pair; the peer's settings go in `VETH_INFO_PEER`.
        case veth(peer: LinkSettings)
        /// A macvlan or macvtap on the parent link, with `IFLA_MACVLAN_MODE`
        /// (private 1, vepa 2, bridge 4, passthru 8, source 16).
        case macvlan(tap: Bool, mode: UInt32?)
        /// A VXLAN with its data.
        case vxlan(VXLANSettings)
        /// Any kind with no data ("bridge", "ifb", ...) or with raw data already encoded.
        case other(String, data: [UInt8]? = nil)

        /// The `IFLA_INFO_KIND` string.
        public var name: String {
            switch self {
            case .veth: "veth"
            case .macvlan(let tap, _): tap ? "macvtap" : "macvlan"
            case .vxlan: "vxlan"
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
        guard let kind else { return }
        try b.appendNested(LinkAttribute.linkInfo) { b in
            try b.appendAttribute(LinkAttribute.Info.kind, string: kind.name)
            switch kind {
            case .veth(let peer):
                try b.appendNested(LinkAttribute.Info.data) { b in
                    try b.appendNested(LinkAttribute.Veth.peer) { b in try peer.encode(into: &b) }
                }
            case .macvlan(_, let mode):
                if let mode {
                    try b.appendNested(LinkAttribute.Info.data) { b in try b.appendAttribute(1, uint32: mode, .host) }
                }
            case .vxlan(let settings):
                try b.appendNested(LinkAttribute.Info.data) { b in try settings.encode(into: &b) }
            case .other(_, let data):
                if let data { try b.appendAttribute(LinkAttribute.Info.data, bytes: data) }
            }
        }
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
