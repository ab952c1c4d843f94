import Netlink
import NetlinkCore

/// The state a ``RouteMirror`` holds: links, addresses, routes, neighbours and nexthop objects,
/// each by the key the kernel identifies it by.
///
/// Values are normalized so that an event and a dump of the same object compare equal: the
/// counters and timers that move without notification (link statistics, a bridge's and a bridge
/// port's timers, address, route and neighbour cache information, neighbour probes, IPv6 route
/// expiry) are left out.
public struct RouteMirrorTable: Hashable, Sendable {
    /// Links by index.
    public var links: [Int32: Link] = [:]
    /// Addresses by interface, family, prefix and addresses.
    public var addresses: [AddressKey: InterfaceAddress] = [:]
    /// IPv4 and IPv6 routes of every table (see ``RouteKey``).
    public var routes: [RouteKey: Route] = [:]
    /// Neighbours and proxy entries.
    public var neighbors: [NeighborKey: Neighbor] = [:]
    /// Nexthop objects by ID.
    public var nexthops: [UInt32: Nexthop] = [:]

    /// Creates an empty table.
    public init() {}

    /// The number of entries of every kind.
    public var count: Int { links.count + addresses.count + routes.count + neighbors.count + nexthops.count }

    /// What identifies an address: its interface, family, prefix length, local and peer address.
    public struct AddressKey: Hashable, Sendable {
        public var index: Int32
        public var family: AddressFamily
        public var prefixLength: UInt8
        public var local: IPAddress?
        public var address: IPAddress?

        /// The key of `address`.
        public init(_ address: InterfaceAddress) {
            index = address.index
            family = address.family
            prefixLength = address.prefixLength
            local = address.localAddress
            self.address = address.address
        }
    }

    /// What identifies a route.
    ///
    /// Family, table, destination and source prefixes, TOS, metric (priority) and type, and the
    /// nexthop identity (device, gateway, nexthop ID, multipath legs): IPv4 keeps several entries
    /// with the same prefix side by side (`ip route append`), and IPv6 keeps one per device for the
    /// same prefix and metric (`fe80::/64` on every link). IPv6 merges appended gateway routes into
    /// one multipath route: an `NLM_F_APPEND` notification re-keys the entry with the new legs, and
    /// a deletion of some legs removes those.
    public struct RouteKey: Hashable, Sendable {
        public var family: AddressFamily
        public var table: UInt32
        public var destination: IPAddress?
        public var destinationPrefixLength: UInt8
        public var source: IPAddress?
        public var sourcePrefixLength: UInt8
        public var tos: UInt8
        public var priority: UInt32
        public var type: UInt8
        /// IPv4 only: the nexthop identity (device, gateway, nexthop ID, legs).
        public var outputIndex: Int32?
        public var gateway: IPAddress?
        public var nexthopID: UInt32?
        public var legs: [Leg]

        /// One multipath leg, by device and gateway.
        public struct Leg: Hashable, Sendable {
            public var outputIndex: Int32
            public var gateway: IPAddress?
        }

        /// The key of `route`.
        public init(_ route: Route) {
            family = route.family
            table = route.table.rawValue
            destination = route.destination
            destinationPrefixLength = route.destinationPrefixLength
            source = route.source
            sourcePrefixLength = route.sourcePrefixLength
            tos = route.tos
            priority = route.priority ?? 0
            type = route.type.rawValue
            outputIndex = route.outputIndex
            gateway = route.gateway
            nexthopID = route.nexthopID
            legs = route.multipath.map { Leg(outputIndex: $0.outputIndex, gateway: $0.gateway) }
        }

        /// The key without the nexthop identity: what `NLM_F_REPLACE` matches in IPv4.
        var withoutNexthops: RouteKey {
            var key = self
            key.outputIndex = nil
            key.gateway = nil
            key.nexthopID = nil
            key.legs = []
            return key
        }
    }

    /// What identifies a neighbour: family, interface, destination, proxy or not, and for bridge
    /// forwarding entries (`AF_BRIDGE`) the link-layer address and VLAN.
    public struct NeighborKey: Hashable, Sendable {
        public var family: AddressFamily
        public var index: Int32
        public var destination: IPAddress?
        public var isProxy: Bool
        public var linkLayerAddress: [UInt8]?
        public var vlan: UInt16?

        /// The key of `neighbor`.
        public init(_ neighbor: Neighbor) {
            family = neighbor.family
            index = neighbor.index
            destination = neighbor.destination
            isProxy = neighbor.isProxy
            if neighbor.family == 7 {  // AF_BRIDGE: the FDB is keyed by address and VLAN
                linkLayerAddress = neighbor.linkLayerAddress
                vlan = neighbor.vlan
            }
        }
    }

    // MARK: Normalized values

    static func normalized(_ link: Link) -> Link {
        var link = link
        link.statistics = nil
        link.kindData = link.configurationKindData    // a bridge's timers tick without notification
        link.portData = link.configurationPortData
        return link
    }

    static func normalized(_ address: InterfaceAddress) -> InterfaceAddress {
        var address = address
        address.cacheInfo = nil
        return address
    }

    static func normalized(_ route: Route) -> Route {
        var route = route
        route.cacheInfo = nil
        route.expires = nil
        return route
    }

    static func normalized(_ neighbor: Neighbor) -> Neighbor {
        var neighbor = neighbor
        neighbor.cacheInfo = nil
        neighbor.probes = nil
        return neighbor
    }

    // MARK: Building

    /// Inserts a link as a dump reports it.
    public mutating func insert(_ link: Link) { links[link.index] = Self.normalized(link) }
    /// Inserts an address as a dump reports it.
    public mutating func insert(_ address: InterfaceAddress) { addresses[AddressKey(address)] = Self.normalized(address) }
    /// Inserts a route as a dump reports it.
    public mutating func insert(_ route: Route) { routes[RouteKey(route)] = Self.normalized(route) }
    /// Inserts a neighbour as a dump reports it; entries in state `NUD_NONE`, `NUD_INCOMPLETE` or
    /// `NUD_NOARP` alone are left out (the kernel creates them on traffic, for multicast
    /// destinations and on devices without ARP, without notifying).
    public mutating func insert(_ neighbor: Neighbor) {
        guard Self.isMirrored(neighbor) else { return }
        neighbors[NeighborKey(neighbor)] = Self.normalized(neighbor)
    }

    /// Whether a neighbour entry is kept: not `NUD_NONE` (0), `NUD_INCOMPLETE` (1) or `NUD_NOARP` (0x40)
    /// alone, and not a bridge FDB entry (`AF_BRIDGE`): the kernel's neighbour dump (family 0) does
    /// not list the FDB, and most of it (each device's own address lists) is never notified, so a
    /// mirror of it could not equal the kernel. Watch `neighbors(family: 7)` for the FDB.
    static func isMirrored(_ neighbor: Neighbor) -> Bool {
        neighbor.family != 7 && (neighbor.isProxy || (neighbor.state.rawValue > 1 && neighbor.state.rawValue != 0x40))
    }
    /// Inserts a nexthop object as a dump reports it.
    public mutating func insert(_ nexthop: Nexthop) { nexthops[nexthop.id] = nexthop }

    /// How two tables differ: entries only in `other` (added), only in `self` (removed), and in
    /// both with different values (changed).
    public func difference(to other: RouteMirrorTable) -> RouteMirrorDifference {
        var difference = RouteMirrorDifference()
        func compare<K: Hashable, V: Equatable>(_ old: [K: V], _ new: [K: V]) {
            for (key, value) in new {
                if let previous = old[key] {
                    if previous != value { difference.changed += 1 }
                } else {
                    difference.added += 1
                }
            }
            for key in old.keys where new[key] == nil { difference.removed += 1 }
        }
        compare(links, other.links)
        compare(addresses, other.addresses)
        compare(routes, other.routes)
        compare(neighbors, other.neighbors)
        compare(nexthops, other.nexthops)
        return difference
    }
}

/// How many entries a resync added, removed and changed.
public struct RouteMirrorDifference: Hashable, Sendable, CustomStringConvertible {
    /// Entries the re-dump found that the mirror lacked.
    public var added = 0
    /// Entries the mirror had that the re-dump did not.
    public var removed = 0
    /// Entries whose value differed.
    public var changed = 0

    /// Creates a difference.
    public init(added: Int = 0, removed: Int = 0, changed: Int = 0) {
        self.added = added
        self.removed = removed
        self.changed = changed
    }

    /// Whether the tables were equal.
    public var isEmpty: Bool { added == 0 && removed == 0 && changed == 0 }

    public var description: String { "+\(added) -\(removed) ~\(changed)" }
}

extension RouteMirrorTable {
    /// Dumps what a ``RouteMirror`` holds from `connection`: links, addresses, IPv4 and IPv6
    /// routes of every table, neighbours and proxy entries, nexthop objects. Each dump flagged
    /// interrupted is retried. Not atomic: a snapshot of each kind in turn.
    public static func dump(_ connection: NetlinkConnection) async throws(NetlinkError) -> RouteMirrorTable {
        var table = RouteMirrorTable()
        for link in try await connection.links(retries: 10) { table.insert(link) }
        for address in try await connection.addresses(retries: 10) { table.insert(address) }
        for family in [AddressFamily.inet, AddressFamily.inet6] {
            for route in try await connection.routes(filter: RouteFilter(family: family), retries: 10) { table.insert(route) }
        }
        for neighbor in try await connection.neighbors() { table.insert(neighbor) }
        for neighbor in try await connection.proxyNeighbors() { table.insert(neighbor) }
        for nexthop in try await connection.nexthops() { table.insert(nexthop) }
        return table
    }
}
