import NetlinkCore

/// Which links a dump returns: every field set must match; `nil` fields match anything.
///
/// The master and the kind travel in the `RTM_GETLINK` dump request (`IFLA_MASTER`,
/// `IFLA_LINKINFO` > `IFLA_INFO_KIND`); a kernel that applied them sets `NLM_F_DUMP_FILTERED` on
/// its replies. What is checked again in user space:
///
/// - the master, unless the reply carries `NLM_F_DUMP_FILTERED` (a kernel that filters by master
///   always does so when `IFLA_MASTER` is non-zero);
/// - the kind, always: the kernel filters by kind only when a driver of that kind is registered,
///   and sets `NLM_F_DUMP_FILTERED` anyway when it filtered by master, so the flag does not prove
///   the kind was applied (it costs one string comparison);
/// - ``noMaster``, ``up`` and ``group``: user space only (the 6.1 headers' kernel API has no such
///   dump filters).
public struct LinkFilter: Hashable, Sendable {
    /// Only the ports of this master (`IFLA_MASTER`, kernel-side).
    public var masterIndex: Int32?
    /// Only links without a master (user space).
    public var noMaster: Bool
    /// Only links of this kind (`IFLA_INFO_KIND`: "veth", "bridge", "tun" ...; kernel-side when the
    /// kernel knows the kind).
    public var kind: LinkKind?
    /// Only links administratively up (user space).
    public var up: Bool
    /// Only links of this group (`IFLA_GROUP`; a link without one is in group 0) (user space).
    public var group: UInt32?

    /// Creates a filter; by default it matches every link.
    public init(masterIndex: Int32? = nil, noMaster: Bool = false, kind: LinkKind? = nil, up: Bool = false, group: UInt32? = nil) {
        self.masterIndex = masterIndex
        self.noMaster = noMaster
        self.kind = kind
        self.up = up
        self.group = group
    }

    /// Whether `link` passes every field of the filter.
    ///
    /// - Parameters:
    ///   - link: The link to test.
    ///   - kernelFiltered: The reply carried `NLM_F_DUMP_FILTERED`: the master need not be checked.
    public func matches(_ link: Link, kernelFiltered: Bool = false) -> Bool {
        if let masterIndex, masterIndex != 0, !kernelFiltered, link.masterIndex != masterIndex { return false }
        if noMaster, link.masterIndex != nil, link.masterIndex != 0 { return false }
        if let kind, link.kind != kind { return false }
        if up, !link.isUp { return false }
        if let group, (link.group ?? 0) != group { return false }
        return true
    }

    /// Writes the body of an `RTM_GETLINK` dump request asking the kernel to filter what it can:
    /// a zeroed `struct ifinfomsg` with `family`, then `IFLA_MASTER` (s32) for a master and
    /// `IFLA_LINKINFO` { `IFLA_INFO_KIND` } for a kind, as iproute2 sends them.
    public func encodeDumpRequest(family: AddressFamily = 0, into builder: inout NetlinkMessageBuilder) throws {
        InterfaceInfoMessage(family: family).encode(into: &builder)
        if let masterIndex, masterIndex != 0 {
            try builder.appendAttribute(LinkAttribute.master, int32: masterIndex, .host)
        }
        if let kind {
            try builder.appendNested(LinkAttribute.linkInfo) { b in
                try b.appendAttribute(LinkAttribute.Info.kind, string: kind.rawValue)
            }
        }
    }
}
