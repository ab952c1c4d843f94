import NetlinkCore

/// A network interface, as a link message describes it.
public struct Link: Hashable, Sendable {
    /// The interface index.
    public var index: Int32
    /// The name (`IFLA_IFNAME`).
    public var name: String
    /// The hardware type (`ifi_type`, `ARPHRD_*`).
    public var hardwareType: UInt16
    /// The interface flags.
    public var flags: InterfaceFlags
    /// The MTU (`IFLA_MTU`).
    public var mtu: UInt32?
    /// The kind (`IFLA_INFO_KIND`: "veth", "bridge" ...), for virtual links.
    public var kind: String?
    /// The hardware address (`IFLA_ADDRESS`), any length.
    public var address: [UInt8]?
    /// The parent link's index (`IFLA_LINK`): for a veth, the peer's.
    public var parentIndex: Int32?
    /// The namespace ID of the parent link's namespace (`IFLA_LINK_NETNSID`).
    public var linkNamespaceID: Int32?
    /// The operational state (`IFLA_OPERSTATE`, `IF_OPER_*`).
    public var operationalState: UInt8?
    /// The master's index (`IFLA_MASTER`).
    public var masterIndex: Int32?

    /// Creates a link value.
    public init(index: Int32, name: String, hardwareType: UInt16 = 0, flags: InterfaceFlags = []) {
        self.index = index
        self.name = name
        self.hardwareType = hardwareType
        self.flags = flags
    }

    /// Decodes an `RTM_NEWLINK` (or `RTM_DELLINK`) message. Unknown attributes are skipped.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let header = try InterfaceInfoMessage(decoding: message)
        self.init(index: header.index, name: "", hardwareType: header.type, flags: InterfaceFlags(rawValue: header.flags))
        var attributes = try message.attributes(afterFixedHeader: InterfaceInfoMessage.size)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case LinkAttribute.name: name = attribute.string()
            case LinkAttribute.mtu: mtu = try attribute.uint32(.host)
            case LinkAttribute.address: address = attribute.bytes()
            case LinkAttribute.link: parentIndex = try attribute.int32(.host)
            case LinkAttribute.linkNamespaceID: linkNamespaceID = try attribute.int32(.host)
            case LinkAttribute.operationalState: operationalState = try attribute.uint8()
            case LinkAttribute.master: masterIndex = try attribute.int32(.host)
            case LinkAttribute.linkInfo:
                var info = try attribute.nested()
                while let item = try info.next() {
                    if item.type == LinkAttribute.Info.kind { kind = item.string() }
                }
            default: continue
            }
        }
    }

    /// Whether the link is administratively up.
    public var isUp: Bool { flags.contains(.up) }
}

/// Names of the link attributes, for error paths and debug dumps.
public struct LinkAttributeNames: NetlinkAttributeNaming {
    /// Creates the table.
    public init() {}

    static let topLevel: [UInt16: String] = [
        1: "IFLA_ADDRESS", 2: "IFLA_BROADCAST", 3: "IFLA_IFNAME", 4: "IFLA_MTU", 5: "IFLA_LINK", 6: "IFLA_QDISC",
        7: "IFLA_STATS", 10: "IFLA_MASTER", 13: "IFLA_TXQLEN", 16: "IFLA_OPERSTATE", 17: "IFLA_LINKMODE",
        18: "IFLA_LINKINFO", 19: "IFLA_NET_NS_PID", 20: "IFLA_IFALIAS", 23: "IFLA_STATS64", 26: "IFLA_AF_SPEC",
        27: "IFLA_GROUP", 28: "IFLA_NET_NS_FD", 29: "IFLA_EXT_MASK", 37: "IFLA_LINK_NETNSID", 53: "IFLA_ALT_IFNAME",
    ]

    public func attributeName(_ type: UInt16, parents: [UInt16]) -> String? {
        switch parents {
        case []: Self.topLevel[type]
        case [18]: [1: "IFLA_INFO_KIND", 2: "IFLA_INFO_DATA", 3: "IFLA_INFO_XSTATS", 4: "IFLA_INFO_SLAVE_KIND", 5: "IFLA_INFO_SLAVE_DATA"][type]
        case [18, 2]: type == 1 ? "VETH_INFO_PEER" : nil
        default: nil
        }
    }

    public func isNested(_ type: UInt16, parents: [UInt16]) -> Bool {
        (parents.isEmpty && (type == 18 || type == 26)) || (parents == [18] && type == 2)
    }
}
