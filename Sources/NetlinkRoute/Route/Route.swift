import NetlinkCore

/// A route, as a route message (`RTM_NEWROUTE`, `RTM_DELROUTE`) describes it, and as
/// `NetlinkConnection/addRoute(_:)` and its siblings write it.
///
/// Decoding keeps what `ip route` shows and skips attributes it does not know. Building one to
/// add: give the destination (or none, for a default route), then a gateway, a device, a type
/// that needs neither (blackhole, unreachable, prohibit), a multipath list or a nexthop ID.
///
/// ```swift
/// var route = Route(destination: IPAddress("10.1.0.0")!, prefixLength: 16)
/// route.gateway = IPAddress("10.0.0.2")
/// route.metrics[RouteMetric.mtu] = 1400
/// try await connection.addRoute(route)
/// ```
public struct Route: Hashable, Sendable {
    // The stored fields are those a route of a large table has; their order packs the value
    // (about 96 bytes, one reference). The rarer fields live in `detailsBox` (see RouteDetails),
    // allocated only when one of them is present: a plain route allocates nothing.

    /// The destination prefix (`RTA_DST`); `nil` for a default route.
    public var destination: IPAddress?
    /// `rtm_family`: `AddressFamily.inet` (2) or `AddressFamily.inet6` (10), or
    /// another family in a dump of all of them.
    public var family: AddressFamily
    /// `rtm_dst_len`: the destination prefix length (0 for a default route).
    public var destinationPrefixLength: UInt8
    /// `rtm_src_len`: the source prefix length.
    public var sourcePrefixLength: UInt8
    /// The table: `RTA_TABLE` when present (it wins), else `rtm_table`.
    public var table: RouteTable
    /// The gateway (`RTA_GATEWAY`), of the route's family.
    public var gateway: IPAddress?
    /// `rtm_tos`: the TOS (DSCP) selector.
    public var tos: UInt8
    /// `rtm_protocol`: who installed it (`ip route add` uses ``RouteProtocol/boot``).
    public var `protocol`: RouteProtocol
    /// `rtm_type`.
    public var type: RouteType
    /// `rtm_flags`.
    public var flags: RouteFlags
    /// The preferred source address (`RTA_PREFSRC`).
    public var preferredSource: IPAddress?
    /// `rtm_scope`: the decoded route's scope; for a route being built, ``requestedScope`` when set,
    /// else the scope the encoder chooses for an add (``defaultScope``, as `ip route add` does).
    /// Setting it sets ``requestedScope``.
    public var scope: RouteScope {
        get { requestedScope ?? defaultScope }
        set { requestedScope = newValue }
    }
    /// The scope given (always, for a decoded route); `nil` lets the encoder choose as `ip` does:
    /// ``defaultScope`` for an add (host for local and NAT routes, link for broadcast, multicast and
    /// anycast routes and for IPv4 unicast routes with no gateway, nexthop ID or multipath, universe
    /// otherwise), nowhere (any) for a delete.
    public var requestedScope: RouteScope?
    /// The IPv6 router preference (`RTA_PREF`): 0 medium, 1 high, 3 low (`ICMPV6_ROUTER_PREF_*`).
    public var preference: UInt8?
    /// The rarer fields; `nil` when none is present.
    var detailsBox: RouteDetailsBox?
    /// The output interface index (`RTA_OIF`).
    public var outputIndex: Int32?
    /// The metric, `ip route ... metric N` (`RTA_PRIORITY`).
    public var priority: UInt32?

    // MARK: The rarer fields (out of line)

    /// The source prefix of a source-specific route (`RTA_SRC`).
    public var source: IPAddress? {
        get { detailsBox?.value.source }
        set { updateDetails { $0.source = newValue } }
    }
    /// The input interface index (`RTA_IIF`): in the answer to a route lookup with an input interface.
    public var inputIndex: Int32? {
        get { detailsBox?.value.inputIndex }
        set { updateDetails { $0.inputIndex = newValue } }
    }
    /// A gateway of another family (`RTA_VIA`), such as an IPv4 gateway of an IPv6 route.
    public var via: RouteVia? {
        get { detailsBox?.value.via }
        set { updateDetails { $0.via = newValue } }
    }
    /// The numeric metrics (`RTA_METRICS`), by `RTAX_*` type (``RouteMetric``): MTU, advertised MSS ...
    public var metrics: [UInt16: UInt32] {
        get { detailsBox?.value.metrics ?? [:] }
        set { updateDetails { $0.metrics = newValue } }
    }
    /// The congestion control algorithm (`RTAX_CC_ALGO` in `RTA_METRICS`).
    public var congestionControl: String? {
        get { detailsBox?.value.congestionControl }
        set { updateDetails { $0.congestionControl = newValue } }
    }
    /// The paths of a multipath route (`RTA_MULTIPATH`); empty for a route with one path.
    public var multipath: [RouteNexthop] {
        get { detailsBox?.value.multipath ?? [] }
        set { updateDetails { $0.multipath = newValue } }
    }
    /// The ID of the nexthop object the route uses (`RTA_NH_ID`).
    public var nexthopID: UInt32? {
        get { detailsBox?.value.nexthopID }
        set { updateDetails { $0.nexthopID = newValue } }
    }
    /// The firewall mark (`RTA_MARK`), in the answer to a route lookup.
    public var mark: UInt32? {
        get { detailsBox?.value.mark }
        set { updateDetails { $0.mark = newValue } }
    }
    /// The expiry (`RTA_EXPIRES`): seconds in an IPv6 request, clock ticks in a multicast route.
    public var expires: UInt64? {
        get { detailsBox?.value.expires }
        set { updateDetails { $0.expires = newValue } }
    }
    /// The cache information (`RTA_CACHEINFO`).
    public var cacheInfo: RouteCacheInfo? {
        get { detailsBox?.value.cacheInfo }
        set { updateDetails { $0.cacheInfo = newValue } }
    }
    /// The lightweight tunnel type (`RTA_ENCAP_TYPE`, `LWTUNNEL_ENCAP_*`).
    public var encapsulationType: UInt16? {
        get { detailsBox?.value.encapsulationType }
        set { updateDetails { $0.encapsulationType = newValue } }
    }
    /// The lightweight tunnel's parameters (`RTA_ENCAP`): the attributes nested in it, as sent,
    /// to be read by ``encapsulationType`` (`LWTUNNEL_IP_*` for `ip`, `LWTUNNEL_IP6_*` for `ip6`,
    /// `MPLS_IPTUNNEL_*` for `mpls` ...). Written with the type when both are set.
    public var encapsulation: [UInt8]? {
        get { detailsBox?.value.encapsulation }
        set { updateDetails { $0.encapsulation = newValue } }
    }
    /// The realms (`RTA_FLOW`), IPv4 only.
    public var flow: UInt32? {
        get { detailsBox?.value.flow }
        set { updateDetails { $0.flow = newValue } }
    }

    /// The rarer fields, by value (all absent without a box).
    var details: RouteDetails { detailsBox?.value ?? RouteDetails() }

    /// Changes the rarer fields: in place when the box is not shared, in a copy when it is; no
    /// box is kept when none of them is left.
    mutating func updateDetails(_ body: (inout RouteDetails) -> Void) {
        guard detailsBox != nil else {
            var value = RouteDetails()
            body(&value)
            if !value.isEmpty { detailsBox = RouteDetailsBox(value) }
            return
        }
        if !isKnownUniquelyReferenced(&detailsBox) { detailsBox = RouteDetailsBox(detailsBox!.value) }
        body(&detailsBox!.value)
        if detailsBox!.value.isEmpty { detailsBox = nil }
    }

    /// Two routes are equal when every field is, stored inline or not.
    public static func == (lhs: Route, rhs: Route) -> Bool {
        guard lhs.destination == rhs.destination, lhs.family == rhs.family,
            lhs.destinationPrefixLength == rhs.destinationPrefixLength, lhs.sourcePrefixLength == rhs.sourcePrefixLength,
            lhs.table == rhs.table, lhs.gateway == rhs.gateway, lhs.tos == rhs.tos, lhs.protocol == rhs.protocol,
            lhs.type == rhs.type, lhs.flags == rhs.flags, lhs.preferredSource == rhs.preferredSource,
            lhs.scope == rhs.scope, lhs.preference == rhs.preference, lhs.outputIndex == rhs.outputIndex,
            lhs.priority == rhs.priority
        else { return false }
        if lhs.detailsBox === rhs.detailsBox { return true }
        return lhs.details == rhs.details
    }

    /// Hashes every field, stored inline or not.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(destination)
        hasher.combine(family)
        hasher.combine(destinationPrefixLength)
        hasher.combine(sourcePrefixLength)
        hasher.combine(table)
        hasher.combine(gateway)
        hasher.combine(tos)
        hasher.combine(`protocol`)
        hasher.combine(type)
        hasher.combine(flags)
        hasher.combine(preferredSource)
        hasher.combine(scope)
        hasher.combine(preference)
        hasher.combine(outputIndex)
        hasher.combine(priority)
        // As `==` sees them: a box holding nothing is the same as no box.
        if let box = detailsBox, !box.value.isEmpty {
            hasher.combine(true)
            hasher.combine(box.value)
        } else {
            hasher.combine(false)
        }
    }

    /// Creates a route to `destination` (a prefix: `Route(destination: "10.0.0.0/8", gateway: …)`).
    /// The family is the destination's. The other parameters are those of
    /// ``init(family:destination:prefixLength:type:table:protocol:scope:gateway:outputIndex:priority:)``.
    public init(
        destination: IPPrefix, type: RouteType = .unspecified, table: RouteTable = .main,
        protocol: RouteProtocol = .unspecified, scope: RouteScope? = nil, gateway: IPAddress? = nil,
        outputIndex: Int32? = nil, priority: UInt32? = nil
    ) {
        self.init(
            family: destination.family, destination: destination.address, prefixLength: destination.length, type: type,
            table: table, protocol: `protocol`, scope: scope, gateway: gateway, outputIndex: outputIndex, priority: priority)
    }

    /// The destination and its length as one prefix (`10.0.0.0/8`); `nil` for a route without
    /// `RTA_DST` (a default route). Setting it sets ``destination``, ``destinationPrefixLength`` and
    /// ``family``; `nil` makes the route a default route of its family.
    public var destinationPrefix: IPPrefix? {
        get { destination.flatMap { IPPrefix(address: $0, length: destinationPrefixLength) } }
        set {
            destination = newValue?.address
            destinationPrefixLength = newValue?.length ?? 0
            if let newValue { family = newValue.family }
        }
    }

    /// The source prefix of a source-specific route (``source`` and ``sourcePrefixLength``).
    public var sourcePrefix: IPPrefix? {
        get { source.flatMap { IPPrefix(address: $0, length: sourcePrefixLength) } }
        set {
            source = newValue?.address
            sourcePrefixLength = newValue?.length ?? 0
        }
    }

    /// Creates a route to build a request with.
    ///
    /// - Parameters:
    ///   - family: The family; by default that of `destination`, else of `gateway`, else IPv4.
    ///   - destination: The destination prefix; `nil` for a default route.
    ///   - prefixLength: The prefix length; by default the full length of `destination` (32 or
    ///     128), 0 without one.
    ///   - type: The type. Unspecified by default: an add writes unicast, a delete matches any type
    ///     (as `ip route add` and `ip route del` do).
    ///   - table: The table (main by default).
    ///   - protocol: Who installs it. Unspecified by default: an add writes ``RouteProtocol/boot``, a
    ///     delete matches any protocol.
    ///   - scope: The scope; `nil` to let the encoder choose as `ip` does.
    ///   - gateway: The gateway.
    ///   - outputIndex: The output device.
    ///   - priority: The metric.
    public init(
        family: AddressFamily? = nil, destination: IPAddress? = nil, prefixLength: UInt8? = nil, type: RouteType = .unspecified,
        table: RouteTable = .main, protocol: RouteProtocol = .unspecified, scope: RouteScope? = nil,
        gateway: IPAddress? = nil, outputIndex: Int32? = nil, priority: UInt32? = nil
    ) {
        self.family = family ?? destination.map(AddressFamily.init(of:)) ?? gateway.map(AddressFamily.init(of:)) ?? AddressFamily.inet
        self.destination = destination
        switch destination {
        case .v4?: destinationPrefixLength = prefixLength ?? 32
        case .v6?: destinationPrefixLength = prefixLength ?? 128
        case nil: destinationPrefixLength = prefixLength ?? 0
        }
        sourcePrefixLength = 0
        tos = 0
        self.table = table
        self.protocol = `protocol`
        requestedScope = scope
        self.type = type
        flags = []
        self.gateway = gateway
        self.outputIndex = outputIndex
        self.priority = priority
    }

    /// Decodes an `RTM_NEWROUTE` (or `RTM_DELROUTE`) message. Unknown attributes are skipped.
    ///
    /// Addresses are read by their size (4 bytes IPv4, 16 IPv6) except in `AF_MPLS` routes, whose
    /// `RTA_DST` is a label and is not kept.
    /// - Throws: `NetlinkDecodingError` for a header cut short, a malformed attribute, an attribute
    ///   of the wrong size or a malformed `RTA_MULTIPATH` (an `rtnh_len` of 0 included).
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        self.init(family: AddressFamily.unspecified)
        try decode(message)
    }

    /// Decodes `message` into this route, replacing every field: what ``init(decoding:)`` does, in
    /// place, so that a dump can decode each of its routes into one slot instead of building and
    /// copying a new value (this runs once per route of a dump). After a throw the route holds
    /// part of the message: do not use it.
    mutating func decode(_ message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let header = try RouteMessage(decoding: message)
        family = header.family
        destinationPrefixLength = header.destinationLength
        sourcePrefixLength = header.sourceLength
        tos = header.tos
        table = RouteTable(rawValue: UInt32(header.table))
        self.protocol = header.protocol
        requestedScope = header.scope
        type = header.type
        flags = header.flags
        destination = nil
        gateway = nil
        preferredSource = nil
        preference = nil
        outputIndex = nil
        priority = nil
        detailsBox = nil
        // The box of the rarer fields is made only when one of them is in the message.
        var box: RouteDetailsBox?
        let addresses = header.family != AddressFamily.mpls
        var attributes = try message.attributes(afterFixedHeader: RouteMessage.size)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case RouteAttribute.destination where addresses: destination = try attribute.ipAddress()
            case RouteAttribute.outputInterface: outputIndex = try attribute.int32(.host)
            case RouteAttribute.gateway where addresses: gateway = try attribute.ipAddress()
            case RouteAttribute.priority: priority = try attribute.uint32(.host)
            case RouteAttribute.preferredSource where addresses: preferredSource = try attribute.ipAddress()
            case RouteAttribute.table: table = RouteTable(rawValue: try attribute.uint32(.host))
            case RouteAttribute.preference: preference = try attribute.uint8()
            // The rarer fields, into the box.
            case RouteAttribute.source where addresses: Self.details(&box).value.source = try attribute.ipAddress()
            case RouteAttribute.inputInterface: Self.details(&box).value.inputIndex = try attribute.int32(.host)
            case RouteAttribute.metrics: try Self.decodeMetrics(attribute, into: &box)
            case RouteAttribute.multipath: Self.details(&box).value.multipath = try RouteNexthop.decodeMultipath(attribute)
            case RouteAttribute.flow: Self.details(&box).value.flow = try attribute.uint32(.host)
            case RouteAttribute.cacheInfo: Self.details(&box).value.cacheInfo = try RouteCacheInfo(decoding: attribute)
            case RouteAttribute.mark: Self.details(&box).value.mark = try attribute.uint32(.host)
            case RouteAttribute.via: Self.details(&box).value.via = try RouteVia(decoding: attribute)
            case RouteAttribute.encapsulationType: Self.details(&box).value.encapsulationType = try attribute.uint16(.host)
            case RouteAttribute.encapsulation: Self.details(&box).value.encapsulation = attribute.bytes()
            case RouteAttribute.expires: Self.details(&box).value.expires = try attribute.unsignedInteger(.host)  // u32 or u64
            case RouteAttribute.nexthopID: Self.details(&box).value.nexthopID = try attribute.uint32(.host)
            default: continue
            }
        }
        // An empty RTA_METRICS or RTA_MULTIPATH leaves nothing worth a box.
        if let made = box, !made.value.isEmpty { detailsBox = made }
    }

    /// The box being decoded into, made on first use (unshared: the decoder writes through it).
    private static func details(_ box: inout RouteDetailsBox?) -> RouteDetailsBox {
        if let box { return box }
        let made = RouteDetailsBox(RouteDetails())
        box = made
        return made
    }

    private static func decodeMetrics(_ attribute: borrowing NetlinkAttribute, into box: inout RouteDetailsBox?) throws(NetlinkDecodingError) {
        var items = try attribute.nested()
        while let item = try items.next() {
            if item.type == RouteMetric.congestionControl {
                details(&box).value.congestionControl = item.string()
            } else if item.type <= RouteMetric.maximumKnown {
                details(&box).value.metrics[item.type] = try item.uint32(.host)
            } else if item.payload.byteCount == 4 {
                details(&box).value.metrics[item.type] = try item.uint32(.host)  // a newer metric, kept if it is a u32
            }
        }
    }

    /// The destination as `ip route` prints it: `default`, `10.0.0.0/24`, `192.0.2.1` (a full-length
    /// prefix without its length).
    public var destinationDescription: String {
        guard let destination else {
            return destinationPrefixLength == 0 ? "default" : "0/\(destinationPrefixLength)"
        }
        let full: UInt8 = family == AddressFamily.inet6 ? 128 : 32
        return destinationPrefixLength == full ? "\(destination)" : "\(destination)/\(destinationPrefixLength)"
    }
}
