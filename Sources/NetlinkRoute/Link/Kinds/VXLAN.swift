import NetlinkCore

extension LinkAttribute {
    /// Nested in `IFLA_INFO_DATA` of a VXLAN (`IFLA_VXLAN_*`).
    public enum VXLAN {
        /// `IFLA_VXLAN_ID` (1).
        public static let id: UInt16 = 1
        /// `IFLA_VXLAN_GROUP` (2).
        public static let group: UInt16 = 2
        /// `IFLA_VXLAN_LINK` (3).
        public static let link: UInt16 = 3
        /// `IFLA_VXLAN_LOCAL` (4).
        public static let local: UInt16 = 4
        /// `IFLA_VXLAN_TTL` (5).
        public static let ttl: UInt16 = 5
        /// `IFLA_VXLAN_TOS` (6).
        public static let tos: UInt16 = 6
        /// `IFLA_VXLAN_LEARNING` (7).
        public static let learning: UInt16 = 7
        /// `IFLA_VXLAN_AGEING` (8).
        public static let ageing: UInt16 = 8
        /// `IFLA_VXLAN_LIMIT` (9).
        public static let limit: UInt16 = 9
        /// `IFLA_VXLAN_PORT_RANGE` (10).
        public static let portRange: UInt16 = 10
        /// `IFLA_VXLAN_PROXY` (11).
        public static let proxy: UInt16 = 11
        /// `IFLA_VXLAN_RSC` (12).
        public static let routeShortCircuit: UInt16 = 12
        /// `IFLA_VXLAN_L2MISS` (13).
        public static let l2Miss: UInt16 = 13
        /// `IFLA_VXLAN_L3MISS` (14).
        public static let l3Miss: UInt16 = 14
        /// `IFLA_VXLAN_PORT` (15).
        public static let port: UInt16 = 15
        /// `IFLA_VXLAN_GROUP6` (16).
        public static let group6: UInt16 = 16
        /// `IFLA_VXLAN_LOCAL6` (17).
        public static let local6: UInt16 = 17
        /// `IFLA_VXLAN_UDP_CSUM` (18).
        public static let udpChecksum: UInt16 = 18
        /// `IFLA_VXLAN_UDP_ZERO_CSUM6_TX` (19).
        public static let udpZeroChecksum6Transmit: UInt16 = 19
        /// `IFLA_VXLAN_UDP_ZERO_CSUM6_RX` (20).
        public static let udpZeroChecksum6Receive: UInt16 = 20
        /// `IFLA_VXLAN_REMCSUM_TX` (21).
        public static let remoteChecksumTransmit: UInt16 = 21
        /// `IFLA_VXLAN_REMCSUM_RX` (22).
        public static let remoteChecksumReceive: UInt16 = 22
        /// `IFLA_VXLAN_GBP` (23).
        public static let groupPolicy: UInt16 = 23
        /// `IFLA_VXLAN_REMCSUM_NOPARTIAL` (24).
        public static let remoteChecksumNoPartial: UInt16 = 24
        /// `IFLA_VXLAN_COLLECT_METADATA` (25).
        public static let collectMetadata: UInt16 = 25
        /// `IFLA_VXLAN_LABEL` (26).
        public static let label: UInt16 = 26
        /// `IFLA_VXLAN_GPE` (27).
        public static let genericProtocolExtension: UInt16 = 27
        /// `IFLA_VXLAN_TTL_INHERIT` (28).
        public static let ttlInherit: UInt16 = 28
        /// `IFLA_VXLAN_DF` (29).
        public static let dontFragment: UInt16 = 29
        /// `IFLA_VXLAN_VNIFILTER` (30).
        public static let vniFilter: UInt16 = 30
        /// `IFLA_VXLAN_LOCALBYPASS` (31), newer than the 6.1 headers.
        public static let localBypass: UInt16 = 31
    }
}

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
