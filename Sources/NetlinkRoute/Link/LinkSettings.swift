import NetlinkCore

/// What to set on a link, for `RTM_NEWLINK` (create or change): every field is optional.
public struct LinkSettings: Sendable {
    /// The name (`IFLA_IFNAME`).
    public var name: String?
    /// The MTU (`IFLA_MTU`).
    public var mtu: UInt32?
    /// The hardware address (`IFLA_ADDRESS`), any length (``macAddress`` for Ethernet).
    public var address: [UInt8]?
    /// The hardware address as an Ethernet address: sets ``address`` to its 6 bytes.
    public var macAddress: MACAddress? {
        get { address.flatMap(MACAddress.init(bytes:)) }
        set { address = newValue?.bytes }
    }
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
    /// Move into the namespace of this descriptor (`IFLA_NET_NS_FD`). Setting `namespace` (a
    /// `NetworkNamespace`, in the `Netlink` module) sets it and keeps that namespace open as long as
    /// these settings live; a descriptor set here directly is the caller's to keep open.
    public var namespaceDescriptor: Int32? {
        didSet { namespaceOwner = nil }
    }
    /// What keeps ``namespaceDescriptor`` open when it was set from a namespace object.
    package var namespaceOwner: (any AnyObject & Sendable)?
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
        /// A macvlan or macvtap on the parent link, with `IFLA_MACVLAN_MODE` (`nil`: the kernel's
        /// default, vepa) and the other options.
        case macvlan(tap: Bool, mode: MACVLANMode?, options: MACVLANOptions = MACVLANOptions())
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
        if let alias { try b.appendAttribute(LinkAttribute.alias, bytes: alias.rawBytes) }
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
                        if let mode { try b.appendAttribute(1, uint32: mode.rawValue, .host) }
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
