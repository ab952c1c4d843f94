import NetlinkCore

/// A network interface, as a link message describes it.
///
/// Equality (and hashing) compares configuration and state that the kernel notifies: the counters
/// (``statistics``) and the timers and counters that move without a link notification (a bridge's
/// hello, TCN, topology-change and GC timers and its count of learned FDB entries in ``kindData``;
/// a bridge port's message-age, forward-delay and hold timers and its multicast counts in ``portData``) are kept apart and
/// left out, so that a link mirrored from events
/// equals the same link in a fresh dump. ``configurationKindData`` and ``configurationPortData``
/// are those payloads without the timers.
public struct Link: Hashable, Sendable {
    /// The stored values, in one box: a copy of a link is one reference, not the ~400 bytes and
    /// the dozens of references of its fields (a link is copied into arrays, maps, async frames).
    struct Fields: Hashable, Sendable {
        var index: Int32
        var family: AddressFamily = 0
        var name: String
        var hardwareType: UInt16
        var flags: InterfaceFlags
        var mtu: UInt32? = nil
        var address: [UInt8]? = nil
        var parentIndex: Int32? = nil
        var linkNamespaceID: Int32? = nil
        var operationalState: OperationalState? = nil
        var masterIndex: Int32? = nil
        var qdisc: String? = nil
        var transmitQueueLength: UInt32? = nil
        var linkMode: LinkMode? = nil
        var group: UInt32? = nil
        var broadcast: [UInt8]? = nil
        var alias: String? = nil
        var alternativeNames: [String] = []
        var permanentAddress: [UInt8]? = nil
        var promiscuity: UInt32? = nil
        var allMulticast: UInt32? = nil
        var carrier: Bool? = nil
        var carrierChanges: UInt32? = nil
        var carrierUpCount: UInt32? = nil
        var carrierDownCount: UInt32? = nil
        var protocolDown: Bool? = nil
        var minimumMTU: UInt32? = nil
        var maximumMTU: UInt32? = nil
        var transmitQueues: UInt32? = nil
        var receiveQueues: UInt32? = nil
        var gsoMaxSize: UInt32? = nil
        var gsoMaxSegments: UInt32? = nil
        var groMaxSize: UInt32? = nil
        var gsoIPv4MaxSize: UInt32? = nil
        var groIPv4MaxSize: UInt32? = nil
        var tsoMaxSize: UInt32? = nil
        var tsoMaxSegments: UInt32? = nil
        var counters: NotCompared<LinkStatistics?> = NotCompared<LinkStatistics?>(value: nil)
        var event: NotCompared<UInt32?> = NotCompared<UInt32?>(value: nil)
        var info: LinkInfoPayload = LinkInfoPayload()
        var addressGenerationMode: UInt8? = nil
        var physicalPortName: String? = nil
        var physicalPortID: [UInt8]? = nil
        var physicalSwitchID: [UInt8]? = nil
        var parentDeviceName: String? = nil
        var parentDeviceBusName: String? = nil

        init(index: Int32, name: String, hardwareType: UInt16, flags: InterfaceFlags) {
            self.index = index
            self.name = name
            self.hardwareType = hardwareType
            self.flags = flags
        }
    }

    /// The box of ``Fields``, copied on write.
    final class Storage: @unchecked Sendable {
        // Mutated only through `fields` below, after `isKnownUniquelyReferenced`: never shared while written.
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    /// The fields for writing: the box is copied first when another link shares it.
    private var fields: Fields {
        get { storage.fields }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            yield &storage.fields
        }
    }

    /// Equal when the fields are (the same box, at once); ``statistics`` and the timers are left
    /// out as described above.
    public static func == (lhs: Link, rhs: Link) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) { storage.fields.hash(into: &hasher) }

    /// The interface index.
    public var index: Int32 {
        get { storage.fields.index }
        set { fields.index = newValue }
    }
    /// The address family of the message (`ifi_family`): 0 in link dumps and the link's own
    /// notifications; 7 (`AF_BRIDGE`) in a bridge port's notifications of its port state, which
    /// carry no kind, carry the port's attributes in `IFLA_PROTINFO` (decoded into ``portData``,
    /// with ``portKind`` "bridge") and whose `RTM_DELLINK` means the port left the bridge.
    public var family: AddressFamily {
        get { storage.fields.family }
        set { fields.family = newValue }
    }
    /// The name (`IFLA_IFNAME`).
    public var name: String {
        get { storage.fields.name }
        set { fields.name = newValue }
    }
    /// The hardware type (`ifi_type`, `ARPHRD_*`).
    public var hardwareType: UInt16 {
        get { storage.fields.hardwareType }
        set { fields.hardwareType = newValue }
    }
    /// The interface flags.
    public var flags: InterfaceFlags {
        get { storage.fields.flags }
        set { fields.flags = newValue }
    }
    /// The MTU (`IFLA_MTU`).
    public var mtu: UInt32? {
        get { storage.fields.mtu }
        set { fields.mtu = newValue }
    }
    /// The kind (`IFLA_INFO_KIND`: "veth", "bridge" ...), for virtual links.
    public var kind: LinkKind? {
        get { info.kind.map(LinkKind.init(rawValue:)) }
        set { info.kind = newValue?.rawValue }
    }
    /// The hardware address (`IFLA_ADDRESS`), any length: 6 bytes for Ethernet (``macAddress``),
    /// 4 or 16 for IP tunnels, none for loopback-like links without one.
    public var address: [UInt8]? {
        get { storage.fields.address }
        set { fields.address = newValue }
    }
    /// The hardware address as an Ethernet address, when it is one (6 bytes).
    public var macAddress: MACAddress? { address.flatMap(MACAddress.init(bytes:)) }
    /// The parent link's index (`IFLA_LINK`): for a veth, the peer's.
    public var parentIndex: Int32? {
        get { storage.fields.parentIndex }
        set { fields.parentIndex = newValue }
    }
    /// The namespace ID of the parent link's namespace (`IFLA_LINK_NETNSID`).
    public var linkNamespaceID: Int32? {
        get { storage.fields.linkNamespaceID }
        set { fields.linkNamespaceID = newValue }
    }
    /// The operational state (`IFLA_OPERSTATE`, `IF_OPER_*`).
    public var operationalState: OperationalState? {
        get { storage.fields.operationalState }
        set { fields.operationalState = newValue }
    }
    /// The master's index (`IFLA_MASTER`).
    public var masterIndex: Int32? {
        get { storage.fields.masterIndex }
        set { fields.masterIndex = newValue }
    }
    /// The queueing discipline (`IFLA_QDISC`).
    public var qdisc: String? {
        get { storage.fields.qdisc }
        set { fields.qdisc = newValue }
    }
    /// The transmit queue length (`IFLA_TXQLEN`).
    public var transmitQueueLength: UInt32? {
        get { storage.fields.transmitQueueLength }
        set { fields.transmitQueueLength = newValue }
    }
    /// The link mode (`IFLA_LINKMODE`).
    public var linkMode: LinkMode? {
        get { storage.fields.linkMode }
        set { fields.linkMode = newValue }
    }
    /// The interface group (`IFLA_GROUP`).
    public var group: UInt32? {
        get { storage.fields.group }
        set { fields.group = newValue }
    }
    /// The broadcast hardware address (`IFLA_BROADCAST`).
    public var broadcast: [UInt8]? {
        get { storage.fields.broadcast }
        set { fields.broadcast = newValue }
    }
    /// The alias (`IFLA_IFALIAS`), every byte kept (bytes that are not UTF-8 as raw-byte scalars:
    /// see `NetlinkCore/Swift/String/init(rawBytes:)`; ``aliasBytes`` gives the bytes).
    public var alias: String? {
        get { storage.fields.alias }
        set { fields.alias = newValue }
    }
    /// The alias byte for byte, as the kernel holds it.
    public var aliasBytes: [UInt8]? { alias?.rawBytes }
    /// Alternative names (`IFLA_PROP_LIST` > `IFLA_ALT_IFNAME`).
    public var alternativeNames: [String] {
        get { storage.fields.alternativeNames }
        set { fields.alternativeNames = newValue }
    }
    /// The permanent hardware address (`IFLA_PERM_ADDRESS`).
    public var permanentAddress: [UInt8]? {
        get { storage.fields.permanentAddress }
        set { fields.permanentAddress = newValue }
    }
    /// The promiscuity count (`IFLA_PROMISCUITY`).
    public var promiscuity: UInt32? {
        get { storage.fields.promiscuity }
        set { fields.promiscuity = newValue }
    }
    /// The all-multicast count (`IFLA_ALLMULTI`).
    public var allMulticast: UInt32? {
        get { storage.fields.allMulticast }
        set { fields.allMulticast = newValue }
    }
    /// Whether the carrier is on (`IFLA_CARRIER`).
    public var carrier: Bool? {
        get { storage.fields.carrier }
        set { fields.carrier = newValue }
    }
    /// Carrier changes (`IFLA_CARRIER_CHANGES`).
    public var carrierChanges: UInt32? {
        get { storage.fields.carrierChanges }
        set { fields.carrierChanges = newValue }
    }
    /// Carrier up events (`IFLA_CARRIER_UP_COUNT`).
    public var carrierUpCount: UInt32? {
        get { storage.fields.carrierUpCount }
        set { fields.carrierUpCount = newValue }
    }
    /// Carrier down events (`IFLA_CARRIER_DOWN_COUNT`).
    public var carrierDownCount: UInt32? {
        get { storage.fields.carrierDownCount }
        set { fields.carrierDownCount = newValue }
    }
    /// Whether the link is protocol-down (`IFLA_PROTO_DOWN`).
    public var protocolDown: Bool? {
        get { storage.fields.protocolDown }
        set { fields.protocolDown = newValue }
    }
    /// The smallest MTU (`IFLA_MIN_MTU`).
    public var minimumMTU: UInt32? {
        get { storage.fields.minimumMTU }
        set { fields.minimumMTU = newValue }
    }
    /// The largest MTU (`IFLA_MAX_MTU`).
    public var maximumMTU: UInt32? {
        get { storage.fields.maximumMTU }
        set { fields.maximumMTU = newValue }
    }
    /// Transmit queues (`IFLA_NUM_TX_QUEUES`).
    public var transmitQueues: UInt32? {
        get { storage.fields.transmitQueues }
        set { fields.transmitQueues = newValue }
    }
    /// Receive queues (`IFLA_NUM_RX_QUEUES`).
    public var receiveQueues: UInt32? {
        get { storage.fields.receiveQueues }
        set { fields.receiveQueues = newValue }
    }
    /// The largest GSO packet (`IFLA_GSO_MAX_SIZE`).
    public var gsoMaxSize: UInt32? {
        get { storage.fields.gsoMaxSize }
        set { fields.gsoMaxSize = newValue }
    }
    /// The most GSO segments (`IFLA_GSO_MAX_SEGS`).
    public var gsoMaxSegments: UInt32? {
        get { storage.fields.gsoMaxSegments }
        set { fields.gsoMaxSegments = newValue }
    }
    /// GRO limit (`IFLA_GRO_MAX_SIZE`).
    public var groMaxSize: UInt32? {
        get { storage.fields.groMaxSize }
        set { fields.groMaxSize = newValue }
    }
    /// The largest IPv4 GSO packet (`IFLA_GSO_IPV4_MAX_SIZE`, newer than the 6.1 headers).
    public var gsoIPv4MaxSize: UInt32? {
        get { storage.fields.gsoIPv4MaxSize }
        set { fields.gsoIPv4MaxSize = newValue }
    }
    /// The largest IPv4 GRO packet (`IFLA_GRO_IPV4_MAX_SIZE`, newer than the 6.1 headers).
    public var groIPv4MaxSize: UInt32? {
        get { storage.fields.groIPv4MaxSize }
        set { fields.groIPv4MaxSize = newValue }
    }
    /// The largest TSO packet (`IFLA_TSO_MAX_SIZE`).
    public var tsoMaxSize: UInt32? {
        get { storage.fields.tsoMaxSize }
        set { fields.tsoMaxSize = newValue }
    }
    /// The most TSO segments (`IFLA_TSO_MAX_SEGS`).
    public var tsoMaxSegments: UInt32? {
        get { storage.fields.tsoMaxSegments }
        set { fields.tsoMaxSegments = newValue }
    }
    /// The 64-bit counters (`IFLA_STATS64`). Not compared by `==`: they move without notification.
    public var statistics: LinkStatistics? {
        get { counters.value }
        set { counters.value = newValue }
    }
    /// Why the kernel sent this notification (`IFLA_EVENT`: 1 reboot, 2 features changed, 3 bonding
    /// failover, 4 notify peers, 5 IGMP resend, 6 bonding options); only in notifications. Not
    /// compared by `==`: a dump never has it.
    public var event: UInt32? {
        get { storage.fields.event.value }
        set { fields.event = NotCompared(value: newValue) }
    }
    private var counters: NotCompared<LinkStatistics?> {
        get { storage.fields.counters }
        set { fields.counters = newValue }
    }
    /// The raw kind data (`IFLA_INFO_DATA`); ``kindDetails()`` decodes it.
    public var kindData: [UInt8]? {
        get { info.data }
        set { info.data = newValue }
    }
    /// The kind of the master this link is a port of (`IFLA_INFO_SLAVE_KIND`: "bridge" ...).
    public var portKind: LinkKind? {
        get { info.portKind.map(LinkKind.init(rawValue:)) }
        set { info.portKind = newValue?.rawValue }
    }
    /// The raw port data (`IFLA_INFO_SLAVE_DATA`); ``portDetails()`` decodes it.
    public var portData: [UInt8]? {
        get { info.portData }
        set { info.portData = newValue }
    }
    /// ``kindData`` without the attributes that tick without notification (a bridge's timers).
    public var configurationKindData: [UInt8]? { info.configurationData }
    /// ``portData`` without the attributes that tick without notification (a bridge port's timers).
    public var configurationPortData: [UInt8]? { info.configurationPortData }
    /// Kind, kind data, port kind and port data, compared as configuration.
    private var info: LinkInfoPayload {
        get { storage.fields.info }
        set { fields.info = newValue }
    }
    /// The IPv6 address generation mode (`IFLA_AF_SPEC` > `AF_INET6` > `IFLA_INET6_ADDR_GEN_MODE`:
    /// eui64 0, none 1, stable_secret 2, random 3).
    public var addressGenerationMode: UInt8? {
        get { storage.fields.addressGenerationMode }
        set { fields.addressGenerationMode = newValue }
    }
    /// The physical port name (`IFLA_PHYS_PORT_NAME`).
    public var physicalPortName: String? {
        get { storage.fields.physicalPortName }
        set { fields.physicalPortName = newValue }
    }
    /// The physical port ID (`IFLA_PHYS_PORT_ID`).
    public var physicalPortID: [UInt8]? {
        get { storage.fields.physicalPortID }
        set { fields.physicalPortID = newValue }
    }
    /// The physical switch ID (`IFLA_PHYS_SWITCH_ID`).
    public var physicalSwitchID: [UInt8]? {
        get { storage.fields.physicalSwitchID }
        set { fields.physicalSwitchID = newValue }
    }
    /// The parent device's name, for links without a parent netdev (`IFLA_PARENT_DEV_NAME`).
    public var parentDeviceName: String? {
        get { storage.fields.parentDeviceName }
        set { fields.parentDeviceName = newValue }
    }
    /// The bus of that parent device (`IFLA_PARENT_DEV_BUS_NAME`).
    public var parentDeviceBusName: String? {
        get { storage.fields.parentDeviceBusName }
        set { fields.parentDeviceBusName = newValue }
    }

    /// Creates a link value.
    public init(index: Int32, name: String, hardwareType: UInt16 = 0, flags: InterfaceFlags = []) {
        storage = Storage(Fields(index: index, name: name, hardwareType: hardwareType, flags: flags))
    }

    /// Decodes an `RTM_NEWLINK` (or `RTM_DELLINK`) message. Unknown attributes are skipped.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        // The fields are filled in a local value and boxed once: through the properties, each
        // assignment checked the box's uniqueness and its exclusive access (measured: a part of
        // every `link show` in a long batch).
        let header = try InterfaceInfoMessage(decoding: message)
        var f = Fields(index: header.index, name: "", hardwareType: header.type, flags: InterfaceFlags(rawValue: header.flags))
        f.family = header.family
        var attributes = try message.attributes(afterFixedHeader: InterfaceInfoMessage.size)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case LinkAttribute.name: f.name = attribute.string()
            case LinkAttribute.mtu: f.mtu = try attribute.uint32(.host)
            case LinkAttribute.address: f.address = attribute.bytes()
            case LinkAttribute.link: f.parentIndex = try attribute.int32(.host)
            case LinkAttribute.linkNamespaceID: f.linkNamespaceID = try attribute.int32(.host)
            case LinkAttribute.operationalState: f.operationalState = OperationalState(rawValue: try attribute.uint8())
            case LinkAttribute.master: f.masterIndex = try attribute.int32(.host)
            case 6: f.qdisc = attribute.string()
            case LinkAttribute.transmitQueueLength: f.transmitQueueLength = try attribute.uint32(.host)
            case 17: f.linkMode = LinkMode(rawValue: try attribute.uint8())
            case 27: f.group = try attribute.uint32(.host)
            case LinkAttribute.broadcast: f.broadcast = attribute.bytes()
            case LinkAttribute.alias: f.alias = attribute.string()
            case 54: f.permanentAddress = attribute.bytes()
            case 30: f.promiscuity = try attribute.uint32(.host)
            case 61: f.allMulticast = try attribute.uint32(.host)
            case 33: f.carrier = try attribute.uint8() != 0
            case 35: f.carrierChanges = try attribute.uint32(.host)
            case 47: f.carrierUpCount = try attribute.uint32(.host)
            case 48: f.carrierDownCount = try attribute.uint32(.host)
            case 39: f.protocolDown = try attribute.uint8() != 0
            case 50: f.minimumMTU = try attribute.uint32(.host)
            case 51: f.maximumMTU = try attribute.uint32(.host)
            case 31: f.transmitQueues = try attribute.uint32(.host)
            case 32: f.receiveQueues = try attribute.uint32(.host)
            case 41: f.gsoMaxSize = try attribute.uint32(.host)
            case 40: f.gsoMaxSegments = try attribute.uint32(.host)
            case 58: f.groMaxSize = try attribute.uint32(.host)
            case 63: f.gsoIPv4MaxSize = try attribute.uint32(.host)
            case 64: f.groIPv4MaxSize = try attribute.uint32(.host)
            case 59: f.tsoMaxSize = try attribute.uint32(.host)
            case 60: f.tsoMaxSegments = try attribute.uint32(.host)
            case 23: f.counters = NotCompared(value: LinkStatistics(attribute.payload))
            case 44: f.event = NotCompared(value: try attribute.uint32(.host))
            case 52:
                var properties = try attribute.nested()
                while let item = try properties.next() {
                    if item.type == LinkAttribute.alternativeName { f.alternativeNames.append(item.string()) }
                }
            case 12 where header.family == 7:
                // IFLA_PROTINFO of a bridge port's own notification: the same IFLA_BRPORT_*
                // attributes (br_port_fill_attrs) as IFLA_INFO_SLAVE_DATA in the link's dump.
                f.info.portKind = "bridge"
                f.info.portData = attribute.bytes()
            case LinkAttribute.linkInfo:
                var info = try attribute.nested()
                while let item = try info.next() {
                    switch item.type {
                    case LinkAttribute.Info.kind: f.info.kind = item.string()
                    case LinkAttribute.Info.data: f.info.data = item.bytes()
                    case LinkAttribute.Info.portKind: f.info.portKind = item.string()
                    case LinkAttribute.Info.portData: f.info.portData = item.bytes()
                    default: continue
                    }
                }
            case LinkAttribute.Details.addressFamilySpecific:
                var families = try attribute.nested()
                while let family = try families.next() {
                    guard family.type == LinkAttribute.Inet6.family else { continue }
                    var inet6 = try family.nested()
                    while let item = try inet6.next() {
                        if item.type == LinkAttribute.Inet6.addressGenerationMode { f.addressGenerationMode = try item.uint8() }
                    }
                }
            case LinkAttribute.Details.physicalPortName: f.physicalPortName = attribute.string()
            case LinkAttribute.Details.physicalPortID: f.physicalPortID = attribute.bytes()
            case LinkAttribute.Details.physicalSwitchID: f.physicalSwitchID = attribute.bytes()
            case LinkAttribute.Details.parentDeviceName: f.parentDeviceName = attribute.string()
            case LinkAttribute.Details.parentDeviceBusName: f.parentDeviceBusName = attribute.string()
            default: continue
            }
        }
        storage = Storage(f)
    }

    /// Whether the link is administratively up.
    public var isUp: Bool { flags.contains(.up) }
}

extension Link {
    /// Whether `name` is this link's name or one of its alternative names, byte for byte.
    ///
    /// Linux names are bytes: "café" in NFC (`63 61 66 c3 a9`) and in NFD (`63 61 66 65 cc 81`) are
    /// two names, two links, which Swift's `String ==` (canonical equivalence) takes as one.
    public func isNamed(_ name: String) -> Bool {
        isNamed(rawBytes: name.rawBytes)
    }

    /// Whether `bytes` are this link's name or one of its alternative names: for a search through
    /// many links, with the bytes made once.
    public func isNamed(rawBytes bytes: [UInt8]) -> Bool {
        storage.fields.name.hasRawBytes(bytes) || storage.fields.alternativeNames.contains { $0.hasRawBytes(bytes) }
    }
}

/// A value that every other value of its type equals: a field kept in a struct but out of its
/// synthesized `==` and `hash(into:)` (counters that move without notification).
struct NotCompared<Value: Sendable>: Hashable, Sendable {
    var value: Value
    static func == (lhs: Self, rhs: Self) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}

/// `IFLA_LINKINFO`'s kind and port payloads, compared without the attributes that tick.
struct LinkInfoPayload: Hashable, Sendable {
    var kind: String?
    var data: [UInt8]?
    var portKind: String?
    var portData: [UInt8]?

    /// `IFLA_BR_HELLO_TIMER`, `IFLA_BR_TCN_TIMER`, `IFLA_BR_TOPOLOGY_CHANGE_TIMER`, `IFLA_BR_GC_TIMER`,
    /// and the counter `IFLA_BR_FDB_N_LEARNED` (48, newer than the 6.1 headers: the learned FDB
    /// entries, which change with FDB notifications, not link ones).
    static let bridgeTimers: Set<UInt16> = [16, 17, 18, 19, 48]
    /// `IFLA_BRPORT_MESSAGE_AGE_TIMER`, `IFLA_BRPORT_FORWARD_DELAY_TIMER`, `IFLA_BRPORT_HOLD_TIMER`,
    /// and the counters `IFLA_BRPORT_MCAST_EHT_HOSTS_CNT` (38) and `IFLA_BRPORT_MCAST_N_GROUPS` (41,
    /// newer than the 6.1 headers), which change with multicast snooping, not with link notifications.
    static let bridgePortTimers: Set<UInt16> = [21, 22, 23, 38, 41]

    var configurationData: [UInt8]? {
        guard kind == "bridge", let data else { return data }
        return Self.removing(Self.bridgeTimers, from: data)
    }

    var configurationPortData: [UInt8]? {
        guard portKind == "bridge", let portData else { return portData }
        return Self.removing(Self.bridgePortTimers, from: portData)
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.kind == rhs.kind && lhs.portKind == rhs.portKind
            && lhs.configurationData == rhs.configurationData && lhs.configurationPortData == rhs.configurationPortData
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(portKind)
        hasher.combine(configurationData)
        hasher.combine(configurationPortData)
    }

    /// `attributes` (a run of netlink attributes) without those of the given types; the rest
    /// byte for byte. A malformed tail is kept as it is.
    static func removing(_ types: Set<UInt16>, from attributes: [UInt8]) -> [UInt8] {
        var kept: [UInt8] = []
        kept.reserveCapacity(attributes.count)
        var offset = 0
        while offset + 4 <= attributes.count {
            let (length, type) = attributes.withUnsafeBytes { raw in
                (Int(raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)),     // nla_len, host order
                 raw.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self) & 0x3FFF)  // nla_type without flags
            }
            guard length >= 4, offset + length <= attributes.count else { break }
            let next = min(NetlinkAlignment.align(offset + length), attributes.count)
            if !types.contains(type) { kept += attributes[offset..<next] }
            offset = next
        }
        if offset < attributes.count { kept += attributes[offset...] }
        return kept
    }
}
