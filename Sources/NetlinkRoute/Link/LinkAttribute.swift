import NetlinkCore

/// Link attribute types (`IFLA_*` of `<linux/if_link.h>`), the ones this module reads or writes.
public enum LinkAttribute {
    /// `IFLA_ADDRESS` (1): the hardware address.
    public static let address: UInt16 = 1
    /// `IFLA_BROADCAST` (2).
    public static let broadcast: UInt16 = 2
    /// `IFLA_IFNAME` (3): the name, a NUL-terminated string of at most 15 characters.
    public static let name: UInt16 = 3
    /// `IFLA_MTU` (4): u32.
    public static let mtu: UInt16 = 4
    /// `IFLA_LINK` (5): the parent link's index, u32.
    public static let link: UInt16 = 5
    /// `IFLA_MASTER` (10): the master's index, u32.
    public static let master: UInt16 = 10
    /// `IFLA_TXQLEN` (13): u32.
    public static let transmitQueueLength: UInt16 = 13
    /// `IFLA_OPERSTATE` (16): u8 (`IF_OPER_*`).
    public static let operationalState: UInt16 = 16
    /// `IFLA_LINKINFO` (18): nested kind and kind data.
    public static let linkInfo: UInt16 = 18
    /// `IFLA_NET_NS_PID` (19): move to the namespace of this process.
    public static let namespacePID: UInt16 = 19
    /// `IFLA_IFALIAS` (20).
    public static let alias: UInt16 = 20
    /// `IFLA_NET_NS_FD` (28): move to the namespace of this descriptor.
    public static let namespaceFD: UInt16 = 28
    /// `IFLA_EXT_MASK` (29): what extra information a dump should carry (`RTEXT_FILTER_*`).
    public static let extendedMask: UInt16 = 29
    /// `IFLA_LINK_NETNSID` (37): the namespace ID of the peer link's namespace.
    public static let linkNamespaceID: UInt16 = 37
    /// `IFLA_PROP_LIST`: the nest of properties in `RTM_NEWLINKPROP`/`RTM_DELLINKPROP` (and of a
    /// link's alternative names in a dump).
    public static let propertyList: UInt16 = 52
    /// `IFLA_ALT_IFNAME` (53): an alternative name.
    public static let alternativeName: UInt16 = 53

    /// Nested in `IFLA_LINKINFO`.
    public enum Info {
        /// `IFLA_INFO_KIND` (1): the kind, a string ("veth", "bridge" ...).
        public static let kind: UInt16 = 1
        /// `IFLA_INFO_DATA` (2): nested data of the kind.
        public static let data: UInt16 = 2
        /// `IFLA_INFO_XSTATS` (3): extended statistics of the kind.
        public static let extendedStatistics: UInt16 = 3
        /// `IFLA_INFO_SLAVE_KIND` (4): the kind of the master this link is a port of.
        public static let portKind: UInt16 = 4
        /// `IFLA_INFO_SLAVE_DATA` (5): nested port data of that kind.
        public static let portData: UInt16 = 5
    }

    /// Nested in `IFLA_INFO_DATA` of a veth.
    public enum Veth {
        /// `VETH_INFO_PEER` (1): an `ifinfomsg` followed by the peer's attributes.
        public static let peer: UInt16 = 1
    }

    /// More top-level attributes that `ip -d` prints.
    public enum Details {
        /// `IFLA_PROMISCUITY` (30).
        public static let promiscuity: UInt16 = 30
        /// `IFLA_AF_SPEC` (26).
        public static let addressFamilySpecific: UInt16 = 26
        /// `IFLA_PHYS_PORT_ID` (34).
        public static let physicalPortID: UInt16 = 34
        /// `IFLA_PHYS_SWITCH_ID` (36).
        public static let physicalSwitchID: UInt16 = 36
        /// `IFLA_PHYS_PORT_NAME` (38).
        public static let physicalPortName: UInt16 = 38
        /// `IFLA_PARENT_DEV_NAME` (56).
        public static let parentDeviceName: UInt16 = 56
        /// `IFLA_PARENT_DEV_BUS_NAME` (57).
        public static let parentDeviceBusName: UInt16 = 57
        /// `IFLA_ALLMULTI` (61).
        public static let allMulticast: UInt16 = 61
        /// `IFLA_GSO_IPV4_MAX_SIZE` (63), newer than the 6.1 headers.
        public static let gsoIPv4MaxSize: UInt16 = 63
        /// `IFLA_GRO_IPV4_MAX_SIZE` (64), newer than the 6.1 headers.
        public static let groIPv4MaxSize: UInt16 = 64
    }

    /// Nested in `IFLA_AF_SPEC` > `AF_INET6` (`IFLA_INET6_*`).
    public enum Inet6 {
        /// `AF_INET6` (10): the nest of the IPv6 attributes in `IFLA_AF_SPEC`.
        public static let family: UInt16 = 10
        /// `IFLA_INET6_ADDR_GEN_MODE` (8): u8 (`IN6_ADDR_GEN_MODE_*`).
        public static let addressGenerationMode: UInt16 = 8
    }
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
