import NetlinkCore

/// The data of a link's kind (`IFLA_LINKINFO` > `IFLA_INFO_DATA`), decoded for the kinds this module
/// knows; any other kind keeps its bytes.
public enum LinkKindDetails: Hashable, Sendable {
    /// A bridge (`IFLA_BR_*`).
    case bridge(BridgeDetails)
    /// A macvlan or macvtap (`IFLA_MACVLAN_*`).
    case macvlan(MACVLANDetails)
    /// A VXLAN (`IFLA_VXLAN_*`).
    case vxlan(VXLANDetails)
    /// A tun or tap (`IFLA_TUN_*`).
    case tun(TunDetails)
    /// A kind without a decoder here (veth, ifb, vlan ...): its raw `IFLA_INFO_DATA` payload.
    case other(kind: String, data: [UInt8])
}

/// The port data of a link in a master (`IFLA_LINKINFO` > `IFLA_INFO_SLAVE_DATA`).
public enum LinkPortDetails: Hashable, Sendable {
    /// A bridge port (`IFLA_BRPORT_*`).
    case bridge(BridgePortDetails)
    /// A port of another kind of master: the raw `IFLA_INFO_SLAVE_DATA` payload.
    case other(kind: String, data: [UInt8])
}

extension Link {
    /// Decodes ``kindData`` for ``kind``: `nil` when the link has no kind data.
    ///
    /// Kinds without a decoder give ``LinkKindDetails/other(kind:data:)`` with the bytes unchanged.
    /// - Throws: ``NetlinkDecodingError`` when the data of a known kind is malformed (a truncated
    ///   attribute, a value of the wrong size); the error's context names the attribute.
    public func kindDetails() throws(NetlinkDecodingError) -> LinkKindDetails? {
        guard let data = kindData else { return nil }
        return try LinkKindDetails(kind: kind ?? "", data: data)
    }

    /// Decodes ``portData`` for ``portKind``: `nil` when the link has no port data.
    /// - Throws: ``NetlinkDecodingError`` when the data of a known port kind is malformed.
    public func portDetails() throws(NetlinkDecodingError) -> LinkPortDetails? {
        guard let data = portData else { return nil }
        return try LinkPortDetails(kind: portKind ?? "", data: data)
    }
}

extension LinkKindDetails {
    /// Decodes the `IFLA_INFO_DATA` payload `data` of a link of kind `kind`.
    public init(kind: String, data: [UInt8]) throws(NetlinkDecodingError) {
        switch kind {
        case "bridge": self = .bridge(try BridgeDetails(data))
        case "macvlan", "macvtap": self = .macvlan(try MACVLANDetails(data))
        case "vxlan": self = .vxlan(try VXLANDetails(data))
        case "tun": self = .tun(try TunDetails(data))
        default: self = .other(kind: kind, data: data)
        }
    }
}

extension LinkPortDetails {
    /// Decodes the `IFLA_INFO_SLAVE_DATA` payload `data` of a port of a master of kind `kind`.
    public init(kind: String, data: [UInt8]) throws(NetlinkDecodingError) {
        switch kind {
        case "bridge": self = .bridge(try BridgePortDetails(data))
        default: self = .other(kind: kind, data: data)
        }
    }
}

/// Runs `body` on each attribute of `data`, adding `what` and the attribute type to any error.
@inline(__always)
func forEachAttribute(
    in data: [UInt8], _ what: String, _ body: (borrowing NetlinkAttribute) throws(NetlinkDecodingError) -> Void
) throws(NetlinkDecodingError) {
    var attributes = NetlinkAttributes(data.span.bytes)
    while true {
        do throws(NetlinkDecodingError) {
            guard let attribute = try attributes.next() else { return }
            let type = attribute.type
            do throws(NetlinkDecodingError) {
                try body(attribute)
            } catch {
                var error = error
                error.attributeType = error.attributeType ?? type
                error.context = "\(what) attribute \(type)" + (error.context.map { " (\($0))" } ?? "")
                throw error
            }
        } catch {
            var error = error
            if error.context == nil { error.context = what }
            throw error
        }
    }
}

extension NetlinkAttribute {
    /// A `u8` used as a boolean: any non-zero value is true.
    func bool8() throws(NetlinkDecodingError) -> Bool { try uint8() != 0 }

    /// A hardware address of any length (6 bytes for Ethernet).
    func hardwareAddress() -> [UInt8] { bytes() }
}

// MARK: - macvlan / macvtap

/// The data of a macvlan or macvtap link (`IFLA_MACVLAN_*` of `<linux/if_link.h>`).
public struct MACVLANDetails: Hashable, Sendable {
    /// `IFLA_MACVLAN_MODE`: private 1, vepa 2, bridge 4, passthru 8, source 16.
    public var mode: UInt32?
    /// `IFLA_MACVLAN_FLAGS`: `MACVLAN_FLAG_NOPROMISC` 1, `MACVLAN_FLAG_NODST` 2.
    public var flags: UInt16?
    /// `IFLA_MACVLAN_MACADDR_COUNT`: how many source addresses (source mode).
    public var sourceAddressCount: UInt32?
    /// `IFLA_MACVLAN_MACADDR_DATA` > `IFLA_MACVLAN_MACADDR`: the source addresses (source mode).
    public var sourceAddresses: [[UInt8]] = []
    /// `IFLA_MACVLAN_BC_QUEUE_LEN`: the broadcast queue length asked for.
    public var broadcastQueueLength: UInt32?
    /// `IFLA_MACVLAN_BC_QUEUE_LEN_USED`: the broadcast queue length in use.
    public var broadcastQueueLengthUsed: UInt32?
    /// `IFLA_MACVLAN_BC_CUTOFF` (newer than the 6.1 headers): the broadcast cutoff.
    public var broadcastCutoff: Int32?

    /// Creates empty details.
    public init() {}

    /// Decodes an `IFLA_INFO_DATA` payload.
    public init(_ data: [UInt8]) throws(NetlinkDecodingError) {
        self.init()
        try forEachAttribute(in: data, "IFLA_MACVLAN") { (a) throws(NetlinkDecodingError) in
            typealias K = LinkAttribute.MACVLAN
            switch a.type {
            case K.mode: mode = try a.uint32(.host)
            case K.flags: flags = try a.uint16(.host)
            case K.addressCount: sourceAddressCount = try a.uint32(.host)
            case K.addressData:
                var list = try a.nested()
                while let item = try list.next() {
                    if item.type == K.address { sourceAddresses.append(item.bytes()) }
                }
            case K.broadcastQueueLength: broadcastQueueLength = try a.uint32(.host)
            case K.broadcastQueueLengthUsed: broadcastQueueLengthUsed = try a.uint32(.host)
            case K.broadcastCutoff: broadcastCutoff = try a.int32(.host)
            default: break
            }
        }
    }
}

// MARK: - VXLAN

/// The data of a VXLAN link (`IFLA_VXLAN_*` of `<linux/if_link.h>`).
public struct VXLANDetails: Hashable, Sendable {
    /// `IFLA_VXLAN_ID`: the VNI.
    public var id: UInt32?
    /// `IFLA_VXLAN_GROUP` or `IFLA_VXLAN_GROUP6`: the multicast group or the unicast remote.
    public var remote: IPAddress?
    /// `IFLA_VXLAN_LOCAL` or `IFLA_VXLAN_LOCAL6`.
    public var local: IPAddress?
    /// `IFLA_VXLAN_LINK`: the underlying device's index.
    public var deviceIndex: UInt32?
    /// `IFLA_VXLAN_TTL` (0: auto).
    public var ttl: UInt8?
    /// `IFLA_VXLAN_TTL_INHERIT`.
    public var ttlInherit: Bool?
    /// `IFLA_VXLAN_TOS` (1: inherit).
    public var tos: UInt8?
    /// `IFLA_VXLAN_DF`: unset 0, set 1, inherit 2.
    public var dontFragment: UInt8?
    /// `IFLA_VXLAN_LABEL`: the IPv6 flow label (host order).
    public var flowLabel: UInt32?
    /// `IFLA_VXLAN_LEARNING`.
    public var learning: Bool?
    /// `IFLA_VXLAN_AGEING`: FDB entry lifetime in seconds (0: none).
    public var ageing: UInt32?
    /// `IFLA_VXLAN_LIMIT`: the most FDB entries (0: no limit).
    public var addressLimit: UInt32?
    /// `IFLA_VXLAN_PORT_RANGE`: the UDP source port range (host order).
    public var sourcePortRange: ClosedRange<UInt16>?
    /// `IFLA_VXLAN_PORT`: the UDP destination port (host order).
    public var port: UInt16?
    /// `IFLA_VXLAN_PROXY`.
    public var proxy: Bool?
    /// `IFLA_VXLAN_RSC`: route short-circuit.
    public var routeShortCircuit: Bool?
    /// `IFLA_VXLAN_L2MISS`.
    public var l2Miss: Bool?
    /// `IFLA_VXLAN_L3MISS`.
    public var l3Miss: Bool?
    /// `IFLA_VXLAN_UDP_CSUM`.
    public var udpChecksum: Bool?
    /// `IFLA_VXLAN_UDP_ZERO_CSUM6_TX`.
    public var udpZeroChecksum6Transmit: Bool?
    /// `IFLA_VXLAN_UDP_ZERO_CSUM6_RX`.
    public var udpZeroChecksum6Receive: Bool?
    /// `IFLA_VXLAN_REMCSUM_TX`.
    public var remoteChecksumTransmit: Bool?
    /// `IFLA_VXLAN_REMCSUM_RX`.
    public var remoteChecksumReceive: Bool?
    /// `IFLA_VXLAN_REMCSUM_NOPARTIAL` (a flag).
    public var remoteChecksumNoPartial = false
    /// `IFLA_VXLAN_GBP` (a flag): group policy extension.
    public var groupPolicy = false
    /// `IFLA_VXLAN_GPE` (a flag): generic protocol extension.
    public var genericProtocolExtension = false
    /// `IFLA_VXLAN_COLLECT_METADATA`: external control plane.
    public var external: Bool?
    /// `IFLA_VXLAN_VNIFILTER`.
    public var vniFilter: Bool?
    /// `IFLA_VXLAN_LOCALBYPASS` (newer than the 6.1 headers).
    public var localBypass: Bool?

    /// Creates empty details.
    public init() {}

    /// Decodes an `IFLA_INFO_DATA` payload.
    public init(_ data: [UInt8]) throws(NetlinkDecodingError) {
        self.init()
        try forEachAttribute(in: data, "IFLA_VXLAN") { (a) throws(NetlinkDecodingError) in
            typealias K = LinkAttribute.VXLAN
            switch a.type {
            case K.id: id = try a.uint32(.host)
            case K.group: remote = .v4(try a.ipv4Address())
            case K.group6: remote = .v6(try a.ipv6Address())
            case K.link: deviceIndex = try a.uint32(.host)
            case K.local: local = .v4(try a.ipv4Address())
            case K.local6: local = .v6(try a.ipv6Address())
            case K.ttl: ttl = try a.uint8()
            case K.ttlInherit: ttlInherit = try a.bool8()
            case K.tos: tos = try a.uint8()
            case K.dontFragment: dontFragment = try a.uint8()
            case K.label: flowLabel = try a.uint32(.bigEndian)
            case K.learning: learning = try a.bool8()
            case K.ageing: ageing = try a.uint32(.host)
            case K.limit: addressLimit = try a.uint32(.host)
            case K.portRange:
                _ = try a.uint32(.host)  // struct ifla_vxlan_port_range: two __be16, 4 bytes
                let b = a.bytes()
                let low = UInt16(b[0]) << 8 | UInt16(b[1])
                let high = UInt16(b[2]) << 8 | UInt16(b[3])
                // The kernel keeps low <= high; anything else is kept as one port rather than trapping.
                sourcePortRange = low <= high ? low...high : low...low
            case K.port: port = try a.uint16(.bigEndian)
            case K.proxy: proxy = try a.bool8()
            case K.routeShortCircuit: routeShortCircuit = try a.bool8()
            case K.l2Miss: l2Miss = try a.bool8()
            case K.l3Miss: l3Miss = try a.bool8()
            case K.udpChecksum: udpChecksum = try a.bool8()
            case K.udpZeroChecksum6Transmit: udpZeroChecksum6Transmit = try a.bool8()
            case K.udpZeroChecksum6Receive: udpZeroChecksum6Receive = try a.bool8()
            case K.remoteChecksumTransmit: remoteChecksumTransmit = try a.bool8()
            case K.remoteChecksumReceive: remoteChecksumReceive = try a.bool8()
            case K.remoteChecksumNoPartial: remoteChecksumNoPartial = true
            case K.groupPolicy: groupPolicy = true
            case K.genericProtocolExtension: genericProtocolExtension = true
            case K.collectMetadata: external = try a.bool8()
            case K.vniFilter: vniFilter = try a.bool8()
            case K.localBypass: localBypass = try a.bool8()
            default: break
            }
        }
    }
}

// MARK: - tun / tap

/// The data of a tun or tap link (`IFLA_TUN_*` of `<linux/if_link.h>`).
public struct TunDetails: Hashable, Sendable {
    /// `IFLA_TUN_OWNER`: the owning user ID (absent when there is none).
    public var owner: UInt32?
    /// `IFLA_TUN_GROUP`: the owning group ID (absent when there is none).
    public var group: UInt32?
    /// `IFLA_TUN_TYPE`: `IFF_TUN` 1 or `IFF_TAP` 2.
    public var type: UInt8?
    /// `IFLA_TUN_PI`: packet information header.
    public var packetInformation: Bool?
    /// `IFLA_TUN_VNET_HDR`.
    public var virtioNetHeader: Bool?
    /// `IFLA_TUN_PERSIST`.
    public var persist: Bool?
    /// `IFLA_TUN_MULTI_QUEUE`.
    public var multiQueue: Bool?
    /// `IFLA_TUN_NUM_QUEUES`.
    public var queues: UInt32?
    /// `IFLA_TUN_NUM_DISABLED_QUEUES`.
    public var disabledQueues: UInt32?

    /// Creates empty details.
    public init() {}

    /// Decodes an `IFLA_INFO_DATA` payload.
    public init(_ data: [UInt8]) throws(NetlinkDecodingError) {
        self.init()
        try forEachAttribute(in: data, "IFLA_TUN") { (a) throws(NetlinkDecodingError) in
            typealias K = LinkAttribute.Tun
            switch a.type {
            case K.owner: owner = try a.uint32(.host)
            case K.group: group = try a.uint32(.host)
            case K.type: type = try a.uint8()
            case K.packetInformation: packetInformation = try a.bool8()
            case K.virtioNetHeader: virtioNetHeader = try a.bool8()
            case K.persist: persist = try a.bool8()
            case K.multiQueue: multiQueue = try a.bool8()
            case K.queues: queues = try a.uint32(.host)
            case K.disabledQueues: disabledQueues = try a.uint32(.host)
            default: break
            }
        }
    }
}
