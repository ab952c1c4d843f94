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

    /// Writes the payload (family header and attributes).
    public func encode(into b: inout NetlinkMessageBuilder) throws(NetlinkError) {
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
