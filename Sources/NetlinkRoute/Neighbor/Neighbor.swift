import NetlinkCore

/// A neighbour (ARP / NDP cache) entry, as a neighbour message describes it (`ip neigh`).
public struct Neighbor: Hashable, Sendable {
    /// `ndm_family`: `AF_INET` (2) or `AF_INET6` (10); `AF_BRIDGE` (7) for bridge FDB entries.
    public var family: AddressFamily
    /// `ndm_ifindex`: the interface index.
    public var index: Int32
    /// `ndm_state`: the `NUD_*` state.
    public var state: NeighborState
    /// `ndm_flags`: the `NTF_*` flags (``NeighborFlags/router``, ``NeighborFlags/proxy`` ...).
    public var flags: NeighborFlags
    /// `ndm_type`: the route type of the address (`RTN_UNICAST` is 1).
    public var type: UInt8
    /// `NDA_DST`: the protocol address.
    public var destination: IPAddress?
    /// `NDA_LLADDR`: the link-layer address, any length (6 bytes on Ethernet).
    public var linkLayerAddress: [UInt8]?
    /// `NDA_CACHEINFO`: times and reference count.
    public var cacheInfo: NeighborCacheInfo?
    /// `NDA_PROBES`: the number of probes sent.
    public var probes: UInt32?
    /// `NDA_VLAN`: the VLAN of a bridge FDB entry.
    public var vlan: UInt16?
    /// `NDA_PORT`: the UDP port of a VXLAN FDB entry (sent big-endian, held here as a number).
    public var port: UInt16?
    /// `NDA_VNI`: the VNI of a VXLAN FDB entry.
    public var vni: UInt32?
    /// `NDA_IFINDEX`: the outgoing interface of a VXLAN FDB entry.
    public var interfaceIndex: UInt32?
    /// `NDA_MASTER`: the master device.
    public var masterIndex: UInt32?
    /// `NDA_LINK_NETNSID`: the namespace ID of the link.
    public var linkNamespaceID: Int32?
    /// `NDA_SRC_VNI`: the source VNI of a VXLAN FDB entry.
    public var sourceVNI: UInt32?
    /// `NDA_PROTOCOL`: the originator of the entry (`RTPROT_*`).
    public var `protocol`: UInt8?
    /// `NDA_NH_ID`: the nexthop object of an FDB entry.
    public var nexthopID: UInt32?
    /// `NDA_FLAGS_EXT`: extended flags.
    public var extendedFlags: NeighborExtendedFlags?

    /// Creates a neighbour value.
    public init(
        family: AddressFamily = 0, index: Int32, destination: IPAddress? = nil, linkLayerAddress: [UInt8]? = nil,
        state: NeighborState = [], flags: NeighborFlags = [], type: UInt8 = 0
    ) {
        self.family = family
        self.index = index
        self.destination = destination
        self.linkLayerAddress = linkLayerAddress
        self.state = state
        self.flags = flags
        self.type = type
        if family == 0, let destination { self.family = destination.family }
    }

    /// Decodes an `RTM_NEWNEIGH` (or `RTM_DELNEIGH`) message. Unknown attributes are skipped.
    /// - Throws: `NetlinkDecodingError` for a short header, a malformed attribute, or a known
    ///   attribute of the wrong size.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let header = try NeighborMessage(decoding: message)
        self.init(family: header.family, index: header.index, state: header.state, flags: header.flags, type: header.type)
        var attributes = try message.attributes(afterFixedHeader: NeighborMessage.size)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case NeighborAttribute.destination: destination = try attribute.ipAddress()
            case NeighborAttribute.linkLayerAddress: linkLayerAddress = attribute.bytes()
            case NeighborAttribute.cacheInfo:
                guard attribute.payload.byteCount == NeighborCacheInfo.size else {
                    throw NetlinkDecodingError(
                        .attributeSizeMismatch, offset: attribute.offset, attributeType: attribute.type,
                        expected: NeighborCacheInfo.size, actual: attribute.payload.byteCount, context: "struct nda_cacheinfo")
                }
                let p = attribute.payload
                cacheInfo = NeighborCacheInfo(  // four u32, host order
                    confirmed: p.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt32.self),
                    used: p.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt32.self),
                    updated: p.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt32.self),
                    referenceCount: p.unsafeLoadUnaligned(fromByteOffset: 12, as: UInt32.self))
            case NeighborAttribute.probes: probes = try attribute.uint32(.host)
            case NeighborAttribute.vlan: vlan = try attribute.uint16(.host)
            case NeighborAttribute.port: port = try attribute.uint16(.bigEndian)
            case NeighborAttribute.vni: vni = try attribute.uint32(.host)
            case NeighborAttribute.interfaceIndex: interfaceIndex = try attribute.uint32(.host)
            case NeighborAttribute.master: masterIndex = try attribute.uint32(.host)
            case NeighborAttribute.linkNamespaceID: linkNamespaceID = try attribute.int32(.host)
            case NeighborAttribute.sourceVNI: sourceVNI = try attribute.uint32(.host)
            case NeighborAttribute.protocol: `protocol` = try attribute.uint8()
            case NeighborAttribute.nexthopID: nexthopID = try attribute.uint32(.host)
            case NeighborAttribute.extendedFlags: extendedFlags = NeighborExtendedFlags(rawValue: try attribute.uint32(.host))
            default: continue
            }
        }
    }

    /// Writes the `ndmsg` header and an attribute for each field that is set, in `NDA_*` order.
    ///
    /// Decoding what this writes gives back an equal value. Requests to the kernel need only the
    /// header, ``destination`` and ``linkLayerAddress``; the kernel ignores `NDA_CACHEINFO` and
    /// `NDA_PROBES` in requests.
    public func encode(into builder: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        NeighborMessage(family: family, index: index, state: state, flags: flags, type: type).encode(into: &builder)
        if let destination { try builder.appendAttribute(NeighborAttribute.destination, ip: destination) }
        if let linkLayerAddress { try builder.appendAttribute(NeighborAttribute.linkLayerAddress, bytes: linkLayerAddress) }
        if let cacheInfo {
            var bytes: [UInt8] = []
            for word in cacheInfo.words { withUnsafeBytes(of: word) { bytes.append(contentsOf: $0) } }  // host order
            try builder.appendAttribute(NeighborAttribute.cacheInfo, bytes: bytes)
        }
        if let probes { try builder.appendAttribute(NeighborAttribute.probes, uint32: probes, .host) }
        if let vlan { try builder.appendAttribute(NeighborAttribute.vlan, uint16: vlan, .host) }
        if let port { try builder.appendAttribute(NeighborAttribute.port, uint16: port, .bigEndian) }
        if let vni { try builder.appendAttribute(NeighborAttribute.vni, uint32: vni, .host) }
        if let interfaceIndex { try builder.appendAttribute(NeighborAttribute.interfaceIndex, uint32: interfaceIndex, .host) }
        if let masterIndex { try builder.appendAttribute(NeighborAttribute.master, uint32: masterIndex, .host) }
        if let linkNamespaceID { try builder.appendAttribute(NeighborAttribute.linkNamespaceID, int32: linkNamespaceID, .host) }
        if let sourceVNI { try builder.appendAttribute(NeighborAttribute.sourceVNI, uint32: sourceVNI, .host) }
        if let `protocol` { try builder.appendAttribute(NeighborAttribute.protocol, uint8: `protocol`) }
        if let nexthopID { try builder.appendAttribute(NeighborAttribute.nexthopID, uint32: nexthopID, .host) }
        if let extendedFlags { try builder.appendAttribute(NeighborAttribute.extendedFlags, uint32: extendedFlags.rawValue, .host) }
    }

    /// The link-layer address as a MAC address, when it has 6 bytes.
    public var macAddress: MACAddress? { linkLayerAddress.flatMap { MACAddress(bytes: $0) } }

    /// Whether this is a proxy entry (``NeighborFlags/proxy``).
    public var isProxy: Bool { flags.contains(.proxy) }

    /// Whether the neighbour is a router (``NeighborFlags/router``, IPv6).
    public var isRouter: Bool { flags.contains(.router) }

    /// Whether the entry is permanent or needs no resolution: what `ip neigh flush` keeps.
    public var isStatic: Bool { !state.isDisjoint(with: [.permanent, .noARP]) }
}

/// Names of the neighbour attributes, for error paths and debug dumps.
public struct NeighborAttributeNames: NetlinkAttributeNaming {
    /// Creates the table.
    public init() {}

    static let topLevel: [UInt16: String] = [
        1: "NDA_DST", 2: "NDA_LLADDR", 3: "NDA_CACHEINFO", 4: "NDA_PROBES", 5: "NDA_VLAN", 6: "NDA_PORT", 7: "NDA_VNI",
        8: "NDA_IFINDEX", 9: "NDA_MASTER", 10: "NDA_LINK_NETNSID", 11: "NDA_SRC_VNI", 12: "NDA_PROTOCOL",
        13: "NDA_NH_ID", 14: "NDA_FDB_EXT_ATTRS", 15: "NDA_FLAGS_EXT", 16: "NDA_NDM_STATE_MASK", 17: "NDA_NDM_FLAGS_MASK",
    ]

    public func attributeName(_ type: UInt16, parents: [UInt16]) -> String? {
        parents.isEmpty ? Self.topLevel[type] : nil
    }

    public func isNested(_ type: UInt16, parents: [UInt16]) -> Bool {
        parents.isEmpty && type == NeighborAttribute.fdbExtendedAttributes
    }
}
