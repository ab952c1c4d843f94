import NetlinkCore

/// One rtnetlink change — its message type, flags and payload chosen together, so they cannot
/// disagree: what `NetlinkConnection/execute(_:)` sends and a batch appends
/// (`batch.append(.addRoute(route))`, or `batch.add(route)`).
///
/// Fields the kernel refuses in requests are left out as the connection's own calls leave them
/// out: a neighbour's cache information and probes; a nexthop's scope, flags other than `onlink`
/// and hardware-statistics use.
public enum RouteChangeRequest: Hashable, Sendable {
    /// `ip route add` (`NLM_F_CREATE | NLM_F_EXCL`).
    case addRoute(Route)
    /// `ip route replace` (`NLM_F_CREATE | NLM_F_REPLACE`).
    case replaceRoute(Route)
    /// `ip route append` (`NLM_F_CREATE | NLM_F_APPEND`).
    case appendRoute(Route)
    /// `ip route del`: the route's key (see ``Route/EncodingPurpose/delete``).
    case deleteRoute(Route)
    /// `ip address add`.
    case addAddress(InterfaceAddressRequest)
    /// `ip address replace`.
    case replaceAddress(InterfaceAddressRequest)
    /// `ip address del`.
    case deleteAddress(InterfaceAddressRequest)
    /// `ip neigh add`.
    case addNeighbor(Neighbor)
    /// `ip neigh replace`.
    case replaceNeighbor(Neighbor)
    /// `ip neigh del`: the entry's family, interface, proxy flag and destination (an FDB entry's
    /// link-layer address and VLAN).
    case deleteNeighbor(Neighbor)
    /// `ip nexthop add`.
    case addNexthop(Nexthop)
    /// `ip nexthop replace`.
    case replaceNexthop(Nexthop)
    /// `ip nexthop del id ID`.
    case deleteNexthop(id: UInt32)

    /// The message type.
    public var type: NetlinkMessageType {
        switch self {
        case .addRoute, .replaceRoute, .appendRoute: RouteMessageType.newRoute
        case .deleteRoute: RouteMessageType.deleteRoute
        case .addAddress, .replaceAddress: RouteMessageType.newAddress
        case .deleteAddress: RouteMessageType.deleteAddress
        case .addNeighbor, .replaceNeighbor: RouteMessageType.newNeighbor
        case .deleteNeighbor: RouteMessageType.deleteNeighbor
        case .addNexthop, .replaceNexthop: RouteMessageType.newNexthop
        case .deleteNexthop: RouteMessageType.deleteNexthop
        }
    }

    /// The flags besides `NLM_F_REQUEST` and `NLM_F_ACK`.
    public var flags: NetlinkMessageFlags {
        switch self {
        case .addRoute, .addAddress, .addNeighbor, .addNexthop: [.create, .exclusive]
        case .replaceRoute, .replaceAddress, .replaceNeighbor, .replaceNexthop: [.create, .replace]
        case .appendRoute: [.create, .append]
        case .deleteRoute, .deleteAddress, .deleteNeighbor, .deleteNexthop: []
        }
    }

    /// The size of the family header the payload starts with (to resolve extended-ack offsets).
    public var fixedHeaderSize: Int {
        switch self {
        case .addRoute, .replaceRoute, .appendRoute, .deleteRoute: RouteMessage.size
        case .addAddress, .replaceAddress, .deleteAddress: InterfaceAddressMessage.size
        case .addNeighbor, .replaceNeighbor, .deleteNeighbor: NeighborMessage.size
        case .addNexthop, .replaceNexthop, .deleteNexthop: NexthopMessage.size
        }
    }

    /// What is asked, in words, for errors: `add route 10.1.0.0/16 via 10.77.0.254 dev 3`.
    public var summary: String {
        func route(_ verb: String, _ route: Route) -> String {
            var text = verb + " route " + route.destinationDescription
            if let gateway = route.gateway { text += " via \(gateway)" }
            if let id = route.nexthopID { text += " nhid \(id)" }
            if let index = route.outputIndex { text += " dev \(index)" }
            return text
        }
        func address(_ verb: String, _ request: InterfaceAddressRequest) -> String {
            "\(verb) address \(request.address)/\(request.prefixLength) dev \(request.index)"
        }
        func neighbor(_ verb: String, _ neighbor: Neighbor) -> String {
            "\(verb) neighbour \(neighbor.destination.map { "\($0)" } ?? "(no address)") dev \(neighbor.index)"
        }
        switch self {
        case .addRoute(let r): return route("add", r)
        case .replaceRoute(let r): return route("replace", r)
        case .appendRoute(let r): return route("append", r)
        case .deleteRoute(let r): return route("delete", r)
        case .addAddress(let a): return address("add", a)
        case .replaceAddress(let a): return address("replace", a)
        case .deleteAddress(let a): return address("delete", a)
        case .addNeighbor(let n): return neighbor("add", n)
        case .replaceNeighbor(let n): return neighbor("replace", n)
        case .deleteNeighbor(let n): return neighbor("delete", n)
        case .addNexthop(let n): return "add nexthop \(n.id)"
        case .replaceNexthop(let n): return "replace nexthop \(n.id)"
        case .deleteNexthop(let id): return "delete nexthop \(id)"
        }
    }

    /// The names of this message's attributes, to name the one an extended ack points at.
    public var attributeNaming: any NetlinkAttributeNaming {
        switch self {
        case .addRoute, .replaceRoute, .appendRoute, .deleteRoute: RouteAttributeNames()
        case .addAddress, .replaceAddress, .deleteAddress: AddressAttributeNames()
        case .addNeighbor, .replaceNeighbor, .deleteNeighbor: NeighborAttributeNames()
        case .addNexthop, .replaceNexthop, .deleteNexthop: NexthopAttributeNames()
        }
    }

    /// Checks what the kernel would refuse with a misleading answer: a route's gateway of the
    /// other family (an IPv4 route through an IPv6 gateway is written with `via`, `RTA_VIA`; as
    /// `RTA_GATEWAY` the kernel answers only "Invalid argument").
    public func check() throws(NetlinkError) {
        switch self {
        case .addRoute(let route), .replaceRoute(let route), .appendRoute(let route):
            if let gateway = route.gateway, gateway.family != route.family {
                throw NetlinkError(
                    .encodingFailed, request: summary,
                    detail: "the gateway \(gateway) is of another family than the route: give it as via (RTA_VIA)")
            }
        default: break
        }
    }

    /// Writes the payload (family header and attributes), after ``check()``: a connection's
    /// `execute(_:)` and a batch's `append(_:)` refuse the same requests before sending.
    public func encode(into b: inout NetlinkMessageBuilder) throws(NetlinkError) {
        try check()
        switch self {
        case .addAddress(let request), .replaceAddress(let request), .deleteAddress(let request):
            try request.encode(into: &b)
            return
        default: break
        }
        do throws(NetlinkEncodingError) {
            switch self {
            case .addRoute(let route), .replaceRoute(let route), .appendRoute(let route):
                try route.encode(into: &b, for: .add)
            case .deleteRoute(let route):
                try route.encode(into: &b, for: .delete)
            case .addAddress, .replaceAddress, .deleteAddress:
                break  // above
            case .addNeighbor(let neighbor), .replaceNeighbor(let neighbor):
                var request = neighbor
                request.cacheInfo = nil
                request.probes = nil
                try request.encode(into: &b)
            case .deleteNeighbor(let neighbor):
                NeighborMessage(family: neighbor.family, index: neighbor.index, flags: neighbor.flags.intersection([.proxy, .ownTable, .master]))
                    .encode(into: &b)
                if let destination = neighbor.destination { try b.appendAttribute(NeighborAttribute.destination, ip: destination) }
                if neighbor.family == 7 {  // AF_BRIDGE: an FDB entry is named by its address and VLAN
                    if let address = neighbor.linkLayerAddress { try b.appendAttribute(NeighborAttribute.linkLayerAddress, bytes: address) }
                    if let vlan = neighbor.vlan { try b.appendAttribute(NeighborAttribute.vlan, uint16: vlan, .host) }
                }
            case .addNexthop(let nexthop), .replaceNexthop(let nexthop):
                var request = nexthop
                request.scope = 0
                request.flags = request.flags.intersection(.onlink)
                request.hardwareStatisticsUsed = nil
                request.resilient?.unbalancedTime = nil
                try request.encode(into: &b)
            case .deleteNexthop(let id):
                NexthopMessage().encode(into: &b)
                try b.appendAttribute(NexthopAttribute.id, uint32: id, .host)
            }
        } catch {
            throw NetlinkError(.encodingFailed, encodingError: error)
        }
    }
}
