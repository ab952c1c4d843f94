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
    /// `IFLA_ALT_IFNAME` (53): an alternative name.
    public static let alternativeName: UInt16 = 53

    /// Nested in `IFLA_LINKINFO`.
    public enum Info {
        /// `IFLA_INFO_KIND` (1): the kind, a string ("veth", "bridge" ...).
        public static let kind: UInt16 = 1
        /// `IFLA_INFO_DATA` (2): nested data of the kind.
        public static let data: UInt16 = 2
    }

    /// Nested in `IFLA_INFO_DATA` of a veth.
    public enum Veth {
        /// `VETH_INFO_PEER` (1): an `ifinfomsg` followed by the peer's attributes.
        public static let peer: UInt16 = 1
    }
}
