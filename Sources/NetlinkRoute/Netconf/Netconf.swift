import NetlinkCore

/// The per-interface IP settings the kernel reports over netlink (`RTM_NEWNETCONF`): a subset of
/// `/proc/sys/net/ipv4/conf/NAME/` or `/proc/sys/net/ipv6/conf/NAME/`.
///
/// Each setting is `nil` when the message did not carry it: IPv6 has no `rp_filter`, only MPLS has
/// `input`, and notifications carry only the setting that changed.
public struct Netconf: Hashable, Sendable {
    /// The family (`ncm_family`): `AF_INET` (2), `AF_INET6` (10), `AF_MPLS` (28).
    public var family: AddressFamily
    /// The interface (`NETCONFA_IFINDEX`), or ``NetconfAttribute/indexAll`` / ``NetconfAttribute/indexDefault``.
    public var index: Int32?
    /// `NETCONFA_FORWARDING`.
    public var forwarding: Int32?
    /// `NETCONFA_RP_FILTER`.
    public var reversePathFilter: Int32?
    /// `NETCONFA_MC_FORWARDING`.
    public var multicastForwarding: Int32?
    /// `NETCONFA_PROXY_NEIGH`.
    public var proxyNeighbor: Int32?
    /// `NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN`.
    public var ignoreRoutesWithLinkDown: Int32?
    /// `NETCONFA_INPUT`.
    public var input: Int32?
    /// `NETCONFA_BC_FORWARDING`.
    public var broadcastForwarding: Int32?

    /// Creates a value.
    public init(family: AddressFamily, index: Int32? = nil) {
        self.family = family
        self.index = index
    }

    /// Decodes an `RTM_NEWNETCONF` (or `RTM_DELNETCONF`) message. Unknown attributes are skipped.
    /// - Throws: `NetlinkDecodingError` for an empty payload or a malformed attribute.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let header = try NetconfMessage(decoding: message)
        self.init(family: header.family)
        var attributes = try message.attributes(afterFixedHeader: NetconfMessage.structureSize)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case NetconfAttribute.index: index = try attribute.int32(.host)
            case NetconfAttribute.forwarding: forwarding = try attribute.int32(.host)
            case NetconfAttribute.reversePathFilter: reversePathFilter = try attribute.int32(.host)
            case NetconfAttribute.multicastForwarding: multicastForwarding = try attribute.int32(.host)
            case NetconfAttribute.proxyNeighbor: proxyNeighbor = try attribute.int32(.host)
            case NetconfAttribute.ignoreRoutesWithLinkDown: ignoreRoutesWithLinkDown = try attribute.int32(.host)
            case NetconfAttribute.input: input = try attribute.int32(.host)
            case NetconfAttribute.broadcastForwarding: broadcastForwarding = try attribute.int32(.host)
            default: continue
            }
        }
    }

    /// Whether these are the `all` settings.
    public var isAll: Bool { index == NetconfAttribute.indexAll }
    /// Whether these are the `default` settings.
    public var isDefault: Bool { index == NetconfAttribute.indexDefault }
}

/// Names of the netconf attributes, for error paths and debug dumps.
public struct NetconfAttributeNames: NetlinkAttributeNaming {
    /// Creates the table.
    public init() {}

    static let names: [UInt16: String] = [
        1: "NETCONFA_IFINDEX", 2: "NETCONFA_FORWARDING", 3: "NETCONFA_RP_FILTER", 4: "NETCONFA_MC_FORWARDING",
        5: "NETCONFA_PROXY_NEIGH", 6: "NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN", 7: "NETCONFA_INPUT",
        8: "NETCONFA_BC_FORWARDING",
    ]

    public func attributeName(_ type: UInt16, parents: [UInt16]) -> String? {
        parents.isEmpty ? Self.names[type] : nil
    }
}
