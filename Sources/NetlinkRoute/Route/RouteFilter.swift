import NetlinkCore

/// Which routes a dump returns: every field set must match; `nil` fields match anything.
///
/// The kernel filters route dumps only under `NETLINK_GET_STRICT_CHK`
/// (`NetlinkConnection/Configuration/strictChecking`), and only by table, protocol, type, output
/// device and cloned (then it sets `NLM_F_DUMP_FILTERED` on its replies); without it those filters
/// are silently ignored. The family and ``cloned`` are honoured in both modes. Every field is
/// therefore also checked in user space, on every route, so the answer is right either way; the
/// kernel's filtering only saves work.
///
/// No table (`nil`) means every table, unlike `ip route show`, which shows the main table unless told.
public struct RouteFilter: Hashable, Sendable {
    /// The family (`rtm_family`): `AddressFamily.inet` or `AddressFamily.inet6`;
    /// `nil` for all (including the multicast routing families).
    public var family: AddressFamily?
    /// The table. Kernel-side under strict checking (`rtm_table`, or `RTA_TABLE` above 255).
    /// Under strict checking an IPv4 dump of a table that does not exist fails with `ENOENT`.
    public var table: RouteTable?
    /// Who installed the routes. Kernel-side under strict checking.
    public var `protocol`: RouteProtocol?
    /// The route type. Kernel-side under strict checking.
    public var type: RouteType?
    /// The output device: the route's, or that of one of its multipath nexthops. Kernel-side
    /// under strict checking (`RTA_OIF`).
    public var outputIndex: Int32?
    /// Dump the cloned (cached, exception) routes instead of the FIB entries (`RTM_F_CLONED`, as
    /// `ip route show cache`).
    public var cloned: Bool
    /// The destination prefix (user space).
    public var destination: RoutePrefixMatch?
    /// The source prefix of source-specific routes (user space).
    public var source: RoutePrefixMatch?
    /// The gateway: `RTA_GATEWAY`, the address of `RTA_VIA`, or either of one of the multipath
    /// nexthops (user space).
    public var gateway: IPAddress?
    /// The scope (user space).
    public var scope: RouteScope?
    /// The preferred source address (user space).
    public var preferredSource: IPAddress?
    /// The metric (`RTA_PRIORITY`; a route without one has metric 0) (user space).
    public var priority: UInt32?

    /// Creates a filter; by default it matches every route of every table and family.
    public init(
        family: AddressFamily? = nil, table: RouteTable? = nil, protocol: RouteProtocol? = nil, type: RouteType? = nil,
        outputIndex: Int32? = nil, cloned: Bool = false, destination: RoutePrefixMatch? = nil,
        source: RoutePrefixMatch? = nil, gateway: IPAddress? = nil, scope: RouteScope? = nil,
        preferredSource: IPAddress? = nil, priority: UInt32? = nil
    ) {
        self.family = family
        self.table = table
        self.protocol = `protocol`
        self.type = type
        self.outputIndex = outputIndex
        self.cloned = cloned
        self.destination = destination
        self.source = source
        self.gateway = gateway
        self.scope = scope
        self.preferredSource = preferredSource
        self.priority = priority
    }

    /// Whether `route` passes every field of the filter.
    public func matches(_ route: Route) -> Bool {
        if let family, family != AddressFamily.unspecified, route.family != family { return false }
        if let table, table != .unspecified, route.table != table { return false }
        if let `protocol`, `protocol` != .unspecified, route.protocol != `protocol` { return false }
        if let type, type != .unspecified, route.type != type { return false }
        if let outputIndex, route.outputIndex != outputIndex,
            !route.multipath.contains(where: { $0.outputIndex == outputIndex })
        {
            return false
        }
        if route.flags.contains(.cloned) != cloned { return false }
        if let destination,
            !destination.matches(route.destination, prefixLength: route.destinationPrefixLength, family: route.family)
        {
            return false
        }
        if let source, !source.matches(route.source, prefixLength: route.sourcePrefixLength, family: route.family) {
            return false
        }
        if let gateway {
            let viaRoute = route.gateway == gateway || route.via?.ipAddress == gateway
            let viaNexthop = route.multipath.contains { $0.gateway == gateway || $0.via?.ipAddress == gateway }
            if !viaRoute && !viaNexthop { return false }
        }
        if let scope, route.scope != scope { return false }
        if let preferredSource, route.preferredSource != preferredSource { return false }
        if let priority, (route.priority ?? 0) != priority { return false }
        return true
    }

    /// Writes the body of an `RTM_GETROUTE` dump request that asks the kernel to filter what it
    /// can: a `struct rtmsg` with the family, table, protocol, type and `RTM_F_CLONED`, prefix
    /// lengths, TOS and scope zero (strict checking refuses anything else), then `RTA_TABLE` for a
    /// table above 255 and `RTA_OIF` for a device.
    public func encodeDumpRequest(into builder: inout NetlinkMessageBuilder) throws(NetlinkEncodingError) {
        let tableID = table?.rawValue ?? 0
        RouteMessage(
            family: family ?? AddressFamily.unspecified, table: tableID <= 255 ? UInt8(tableID) : 0,
            protocol: `protocol` ?? .unspecified, type: type ?? .unspecified, flags: cloned ? .cloned : []
        ).encode(into: &builder)
        if tableID > 255 { try builder.appendAttribute(RouteAttribute.table, uint32: tableID, .host) }
        if let outputIndex { try builder.appendAttribute(RouteAttribute.outputInterface, int32: outputIndex, .host) }
    }
}
