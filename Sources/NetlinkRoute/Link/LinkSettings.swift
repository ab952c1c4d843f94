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
    /// Other `IFF_*` flags to set or clear (`ifi_flags` under the mask `ifi_change`, with ``up``):
    /// `IFF_MULTICAST`, `IFF_ALLMULTI`, `IFF_PROMISC`, `IFF_NOTRAILERS`, `IFF_NOARP`, `IFF_DYNAMIC`
    /// (``InterfaceFlags``). Bits in `flagMask` take their value from `flagValues`.
    public var flagValues: UInt32 = 0
    /// The `IFF_*` bits ``flagValues`` sets or clears.
    public var flagMask: UInt32 = 0
    /// The carrier, for devices that let it be set (`IFLA_CARRIER`).
    public var carrier: Bool?
    /// The link mode (`IFLA_LINKMODE`: 0 default, 1 dormant).
    public var linkMode: UInt8?
    /// The operational state to set (`IFLA_OPERSTATE`, `IF_OPER_*`).
    public var operationalState: UInt8?
    /// The IPv6 address generation mode (`IFLA_AF_SPEC` → `AF_INET6` → `IFLA_INET6_ADDR_GEN_MODE`:
    /// 0 eui64, 1 none, 2 stable_secret, 3 random).
    public var ipv6AddressGenerationMode: UInt8?
    /// The peer's namespace, by its ID here (`IFLA_LINK_NETNSID`), for creation.
    public var linkNamespaceID: Int32?
    /// Protocol down (`IFLA_PROTO_DOWN`).
    public var protocolDown: Bool?
    /// A protocol-down reason bit to set or clear (`IFLA_PROTO_DOWN_REASON`: mask and value).
    public var protocolDownReason: (mask: UInt32, value: UInt32)?
    /// `IFLA_GSO_MAX_SIZE`, `IFLA_GSO_MAX_SEGS`, `IFLA_GRO_MAX_SIZE`.
    public var gsoMaxSize: UInt32?
    public var gsoMaxSegments: UInt32?
    public var groMaxSize: UInt32?
    /// The parent device's name, for creation (`IFLA_PARENT_DEV_NAME`).
    public var parentDeviceName: String?
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
        /// A port of a master of another kind (`bond`, `vrf`, `team` ...) with its port data
        /// already encoded (`IFLA_INFO_SLAVE_DATA`; none when nil).
        case other(String, data: [UInt8]?)
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
        header.flags = header.flags & ~flagMask | flagValues & flagMask
        header.change |= flagMask
        header.encode(into: &b)
        try encodeAttributes(into: &b)
    }

    func encodeAttributes(into b: inout NetlinkMessageBuilder) throws {
        if let mtu { try b.appendAttribute(LinkAttribute.mtu, uint32: mtu, .host) }
        if let address { try b.appendAttribute(LinkAttribute.address, bytes: address) }
        if let broadcast { try b.appendAttribute(LinkAttribute.broadcast, bytes: broadcast) }
        if let transmitQueueLength { try b.appendAttribute(LinkAttribute.transmitQueueLength, uint32: transmitQueueLength, .host) }
        if let alias { try b.appendAttribute(LinkAttribute.alias, bytes: alias.rawBytes) }
        if let group { try b.appendAttribute(27, uint32: group, .host) }
        if let masterIndex { try b.appendAttribute(LinkAttribute.master, int32: masterIndex, .host) }
        if let namespaceDescriptor { try b.appendAttribute(LinkAttribute.namespaceFD, uint32: UInt32(bitPattern: namespaceDescriptor), .host) }
        if let namespaceProcess { try b.appendAttribute(LinkAttribute.namespacePID, uint32: namespaceProcess, .host) }
        if let carrier { try b.appendAttribute(33, uint8: carrier ? 1 : 0) }                     // IFLA_CARRIER
        if let linkMode { try b.appendAttribute(17, uint8: linkMode) }                            // IFLA_LINKMODE
        if let operationalState { try b.appendAttribute(LinkAttribute.operationalState, uint8: operationalState) }
        if let ipv6AddressGenerationMode {
            var mode = NetlinkMessageBuilder()
            try mode.appendAttribute(8, uint8: ipv6AddressGenerationMode)                         // IFLA_INET6_ADDR_GEN_MODE
            var family = NetlinkMessageBuilder()
            try family.appendNested(UInt16(AddressFamily.inet6.rawValue), encoded: mode.bytes)
            try b.appendNested(LinkAttribute.Details.addressFamilySpecific, encoded: family.bytes)
        }
        if let linkNamespaceID { try b.appendAttribute(37, int32: linkNamespaceID, .host) }       // IFLA_LINK_NETNSID
        if let protocolDown { try b.appendAttribute(39, uint8: protocolDown ? 1 : 0) }            // IFLA_PROTO_DOWN
        if let protocolDownReason {
            var reason = NetlinkMessageBuilder()
            try reason.appendAttribute(1, uint32: protocolDownReason.mask, .host)                 // IFLA_PROTO_DOWN_REASON_MASK
            try reason.appendAttribute(2, uint32: protocolDownReason.value, .host)                // IFLA_PROTO_DOWN_REASON_VALUE
            try b.appendNested(55, encoded: reason.bytes)                                          // IFLA_PROTO_DOWN_REASON
        }
        if let gsoMaxSize { try b.appendAttribute(41, uint32: gsoMaxSize, .host) }                // IFLA_GSO_MAX_SIZE
        if let gsoMaxSegments { try b.appendAttribute(40, uint32: gsoMaxSegments, .host) }        // IFLA_GSO_MAX_SEGS
        if let groMaxSize { try b.appendAttribute(58, uint32: groMaxSize, .host) }                // IFLA_GRO_MAX_SIZE
        if let parentDeviceName { try b.appendAttribute(56, string: parentDeviceName) }           // IFLA_PARENT_DEV_NAME
        if let transmitQueues { try b.appendAttribute(31, uint32: transmitQueues, .host) }
        if let receiveQueues { try b.appendAttribute(32, uint32: receiveQueues, .host) }
        // The parent and the name last, as ip's iplink_parse adds them (a veth peer's nest is then
        // byte for byte ip's).
        if let parentIndex { try b.appendAttribute(LinkAttribute.link, int32: parentIndex, .host) }
        if let name { try b.appendAttribute(LinkAttribute.name, string: name) }
        guard kind != nil || port != nil else { return }
        // As ip sends them: IFLA_LINKINFO and the nests in it without NLA_F_NESTED, the kind
        // without its NUL.
        try b.appendNested(LinkAttribute.linkInfo, setNestedFlag: false) { b in
            // A port's settings as ip sends them: IFLA_INFO_KIND "KIND_slave" (the kernel goes by the
            // master's kind) and IFLA_INFO_SLAVE_DATA.
            switch port {
            case .bridge(let settings)?:
                try b.appendAttribute(LinkAttribute.Info.kind, bytes: Array("bridge_slave".utf8))
                try b.appendNested(5, setNestedFlag: false) { b in try settings.encode(into: &b) }
            case .other(let master, let data)?:
                try b.appendAttribute(LinkAttribute.Info.kind, bytes: master.rawBytes + Array("_slave".utf8))
                if let data { try b.appendAttribute(5, bytes: data) }
            case nil:
                break
            }
            guard let kind else { return }
            try b.appendAttribute(LinkAttribute.Info.kind, bytes: kind.name.rawBytes)   // raw-byte scalars as their bytes
            switch kind {
            case .veth(let peer):
                try b.appendNested(LinkAttribute.Info.data, setNestedFlag: false) { b in
                    try b.appendNested(LinkAttribute.Veth.peer, setNestedFlag: false) { b in try peer.encode(into: &b) }
                }
            case .macvlan(_, let mode, let options):
                if mode != nil || !options.isEmpty {
                    try b.appendNested(LinkAttribute.Info.data, setNestedFlag: false) { b in
                        if let mode { try b.appendAttribute(1, uint32: mode.rawValue, .host) }
                        try options.encode(into: &b)
                    }
                }
            case .vxlan(let settings):
                try b.appendNested(LinkAttribute.Info.data, setNestedFlag: false) { b in try settings.encode(into: &b) }
            case .bridge(let settings):
                // No IFLA_INFO_DATA when no option is set, as for a plain `ip link add … type bridge`.
                var data = NetlinkMessageBuilder(capacity: 256)
                try settings.encode(into: &data)
                if !data.bytes.isEmpty {
                    try b.appendNested(LinkAttribute.Info.data, setNestedFlag: false) { b in b.append(bytes: data.bytes) }
                }
            case .other(_, let data):
                if let data { try b.appendAttribute(LinkAttribute.Info.data, bytes: data) }
            }
        }
    }
}
