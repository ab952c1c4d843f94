/// Netconf attribute types (`NETCONFA_*` of `<linux/netconf.h>`). The values are s32.
public enum NetconfAttribute {
    /// `NETCONFA_IFINDEX` (1): s32, the interface, or ``indexAll`` / ``indexDefault``.
    public static let index: UInt16 = 1
    /// `NETCONFA_FORWARDING` (2): s32, `forwarding`.
    public static let forwarding: UInt16 = 2
    /// `NETCONFA_RP_FILTER` (3): s32, `rp_filter` (IPv4).
    public static let reversePathFilter: UInt16 = 3
    /// `NETCONFA_MC_FORWARDING` (4): s32, `mc_forwarding`.
    public static let multicastForwarding: UInt16 = 4
    /// `NETCONFA_PROXY_NEIGH` (5): s32, `proxy_arp` (IPv4) or `proxy_ndp` (IPv6).
    public static let proxyNeighbor: UInt16 = 5
    /// `NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN` (6): s32, `ignore_routes_with_linkdown`.
    public static let ignoreRoutesWithLinkDown: UInt16 = 6
    /// `NETCONFA_INPUT` (7): s32, MPLS `input`.
    public static let input: UInt16 = 7
    /// `NETCONFA_BC_FORWARDING` (8): s32, `bc_forwarding` (IPv4).
    public static let broadcastForwarding: UInt16 = 8

    /// The index of the `all` settings. The corresponding C constant is `NETCONFA_IFINDEX_ALL` (-1).
    public static let indexAll: Int32 = -1
    /// The index of the `default` settings (for interfaces yet to come). The corresponding C constant
    /// is `NETCONFA_IFINDEX_DEFAULT` (-2).
    public static let indexDefault: Int32 = -2
}
