import NetlinkCore

/// Why a mirror re-dumps.
public enum RouteMirrorResyncReason: Hashable, Sendable, CustomStringConvertible {
    /// The first dump.
    case initial
    /// Notifications were lost (`ENOBUFS`); `drops` is the kernel's count when known.
    case overrun(drops: UInt32?)
    /// A change after which the kernel removes or alters things without notifying: a link going
    /// down, up or away, a carrier change, a deleted nexthop, an IPv4 replace among appended routes.
    case silentChange(String)
    /// A notification that did not decode.
    case undecodable

    public var description: String {
        switch self {
        case .initial: "initial dump"
        case .overrun(let drops): "overrun" + (drops.map { " (\($0) dropped)" } ?? "")
        case .silentChange(let what): "silent change: \(what)"
        case .undecodable: "undecodable notification"
        }
    }
}

extension RouteMirrorTable {
    /// Applies one notification, and the removals the kernel makes without notifying.
    ///
    /// - Returns: Why a re-dump is needed to be sure, when the kernel may have changed more than
    ///   the rules here model (`nil` when the event says it all).
    mutating func apply(_ event: RouteEvent) -> RouteMirrorResyncReason? {
        switch event {
        case .link(let change):
            let link = change.object
            // A bridge port's own notifications (ifi_family AF_BRIDGE) carry its port state (STP
            // state, root and bridge IDs ...), which changes without a family-0 notification: it
            // is merged into the link's port data. They carry no kind, so they never replace the
            // link, and their RTM_DELLINK means "left the bridge" (the link's own notification says so).
            if link.family == 7 {
                if !change.isDeletion, let portData = link.portData, var stored = links[link.index], stored.portKind == "bridge" {
                    stored.portData = portData
                    links[link.index] = Self.normalized(stored)
                }
                return nil
            }
            if change.isDeletion {
                links[link.index] = nil
                dropDependants(ofLink: link.index, deleted: true)
                return .silentChange("link \(link.index) deleted")
            }
            let previous = links[link.index]
            links[link.index] = Self.normalized(link)
            guard let previous else { return nil }
            if previous.isUp && !link.isUp {
                dropDependants(ofLink: link.index, deleted: false)
                return .silentChange("link \(link.index) down")
            }
            let carrier: InterfaceFlags = [.up, .lowerUp, InterfaceFlags(rawValue: 0x40)]  // IFF_RUNNING
            if previous.flags.intersection(carrier) != link.flags.intersection(carrier) {
                return .silentChange("link \(link.index) up or carrier changed")
            }
            return nil
        case .address(let change):
            let key = AddressKey(change.object)
            addresses[key] = change.isDeletion ? nil : Self.normalized(change.object)
            return nil
        case .route(let change):
            return apply(route: change)
        case .neighbor(let change):
            let key = NeighborKey(change.object)
            neighbors[key] = change.isDeletion || !Self.isMirrored(change.object) ? nil : Self.normalized(change.object)
            return nil
        case .nexthop(let change):
            let id = change.object.id
            if change.isDeletion {
                nexthops[id] = nil
                routes = routes.filter { $0.value.nexthopID != id }
                return .silentChange("nexthop \(id) deleted")
            }
            nexthops[id] = change.object
            return nil
        case .rule, .netconf, .namespaceID, .unrecognized:
            return nil
        case .overrun(let drops):
            return .overrun(drops: drops)
        case .undecodable:
            return .undecodable
        }
    }

    private mutating func apply(route change: RouteChange<Route>) -> RouteMirrorResyncReason? {
        let route = Self.normalized(change.object)
        let key = RouteKey(route)
        let flags = change.origin.flags
        let ipv6 = route.family == AddressFamily.inet6
        if change.isDeletion {
            if routes.removeValue(forKey: key) != nil { return nil }
            if ipv6, !route.multipath.isEmpty || route.outputIndex != nil {
                // Some legs of an IPv6 multipath route removed.
                let gone = Set(Self.legs(of: route).map { RouteKey.Leg(outputIndex: $0.outputIndex, gateway: $0.gateway) })
                let base = key.withoutNexthops
                if let (oldKey, existing) = routes.first(where: { $0.key.withoutNexthops == base && !$0.value.multipath.isEmpty }) {
                    var remaining = existing
                    remaining.multipath.removeAll { gone.contains(RouteKey.Leg(outputIndex: $0.outputIndex, gateway: $0.gateway)) }
                    routes[oldKey] = nil
                    if !remaining.multipath.isEmpty { routes[RouteKey(remaining)] = remaining }
                    return nil
                }
            }
            return nil
        }
        if ipv6, flags.contains(.append), !flags.contains(.replace) {
            let base = key.withoutNexthops
            if let (oldKey, existing) = routes.first(where: { $0.key.withoutNexthops == base && ($0.value.gateway != nil || !$0.value.multipath.isEmpty) }) {
                let merged = Self.mergingLegs(existing, route)
                routes[oldKey] = nil
                routes[RouteKey(merged)] = merged
                return nil
            }
        }
        if !ipv6, flags.contains(.replace) {
            let base = key.withoutNexthops
            let same = routes.keys.filter { $0.withoutNexthops == base }
            for old in same { routes[old] = nil }
            routes[key] = route
            return same.count > 1 ? .silentChange("IPv4 replace among appended routes") : nil
        }
        routes[key] = route
        return nil
    }

    /// An IPv6 route with the legs of `addition` appended (a single-path route becomes multipath).
    private static func legs(of route: Route) -> [RouteNexthop] {
        if !route.multipath.isEmpty { return route.multipath }
        guard let index = route.outputIndex else { return [] }
        return [RouteNexthop(gateway: route.gateway, outputIndex: index)]
    }

    private static func mergingLegs(_ existing: Route, _ addition: Route) -> Route {
        var merged = existing
        merged.multipath = legs(of: existing) + legs(of: addition)
        merged.gateway = nil
        merged.outputIndex = nil
        return merged
    }

    /// What the kernel removes without notifying when a link goes down (or away): its IPv4 routes
    /// (single-path ones through it) except those of scope host — the local routes of its
    /// addresses stay, and are not notified again when it comes back up —, the nexthop objects
    /// through it and the routes using them, and its neighbours (permanent ones included). A
    /// deleted link also loses its addresses and every route through it.
    private mutating func dropDependants(ofLink index: Int32, deleted: Bool) {
        let gone = Set(nexthops.values.filter { $0.interfaceIndex == index }.map(\.id))
        for id in gone { nexthops[id] = nil }
        routes = routes.filter { _, route in
            if let id = route.nexthopID { return !gone.contains(id) }
            let through = route.outputIndex == index
                || (!route.multipath.isEmpty && route.multipath.allSatisfy { $0.outputIndex == index })
            guard through else { return true }
            if deleted { return false }
            // fib_sync_down_dev spares nexthops of scope "nowhere": those of scope-host routes.
            return route.family != AddressFamily.inet || route.scope == .host
        }
        neighbors = neighbors.filter { $0.key.index != index }
        if deleted { addresses = addresses.filter { $0.key.index != index } }
    }
}
