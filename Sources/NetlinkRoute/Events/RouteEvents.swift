import Netlink
import NetlinkCore

/// Which rtnetlink objects to watch; each stands for its multicast groups (``groups``).
public struct RouteEventObjects: OptionSet, Hashable, Sendable {
    /// The bits.
    public var rawValue: UInt16
    /// Creates a set from its bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Links: `RTNLGRP_LINK` (1).
    public static let link = RouteEventObjects(rawValue: 1 << 0)
    /// IPv4 and IPv6 addresses: `RTNLGRP_IPV4_IFADDR` (5), `RTNLGRP_IPV6_IFADDR` (9).
    public static let address = RouteEventObjects(rawValue: 1 << 1)
    /// IPv4 and IPv6 routes: `RTNLGRP_IPV4_ROUTE` (7), `RTNLGRP_IPV6_ROUTE` (11).
    public static let route = RouteEventObjects(rawValue: 1 << 2)
    /// Neighbours: `RTNLGRP_NEIGH` (3).
    public static let neighbor = RouteEventObjects(rawValue: 1 << 3)
    /// IPv4 and IPv6 rules: `RTNLGRP_IPV4_RULE` (8), `RTNLGRP_IPV6_RULE` (19).
    public static let rule = RouteEventObjects(rawValue: 1 << 4)
    /// Nexthop objects: `RTNLGRP_NEXTHOP` (32).
    public static let nexthop = RouteEventObjects(rawValue: 1 << 5)
    /// IPv4 and IPv6 netconf: `RTNLGRP_IPV4_NETCONF` (24), `RTNLGRP_IPV6_NETCONF` (25).
    public static let netconf = RouteEventObjects(rawValue: 1 << 6)
    /// Namespace IDs: `RTNLGRP_NSID` (28).
    public static let namespaceID = RouteEventObjects(rawValue: 1 << 7)
    /// Every object above.
    public static let all: RouteEventObjects = [.link, .address, .route, .neighbor, .rule, .nexthop, .netconf, .namespaceID]

    /// The groups to join, ascending.
    public var groups: [UInt32] {
        var groups: [UInt32] = []
        if contains(.link) { groups.append(RouteGroup.link) }
        if contains(.neighbor) { groups.append(3) }  // RTNLGRP_NEIGH
        if contains(.address) { groups += [RouteGroup.ipv4Address, RouteGroup.ipv6Address] }
        if contains(.route) { groups += [RouteGroup.ipv4Route, RouteGroup.ipv6Route] }
        if contains(.rule) { groups += [8, 19] }  // RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE
        if contains(.netconf) { groups += [RouteGroup.ipv4Netconf, RouteGroup.ipv6Netconf] }
        if contains(.namespaceID) { groups.append(RouteGroup.namespaceID) }
        if contains(.nexthop) { groups.append(RouteGroup.nexthop) }
        return groups.sorted()
    }
}

/// Typed rtnetlink events: an `AsyncSequence` of ``RouteEvent`` over the notifications of a
/// connection that joined groups.
///
/// Each datagram is decoded whole when it arrives, and its messages come out one by one, in
/// order. An overrun is an element (``RouteEvent/overrun(drops:)``) and the sequence goes on; it
/// ends when the connection is closed. One consumer at a time.
public struct RouteEvents: AsyncSequence, Sendable {
    public typealias Element = RouteEvent
    public typealias Failure = NetlinkError

    /// The connection whose events these are: its `NetlinkConnection/statistics`, `NetlinkConnection/close()`.
    public let connection: NetlinkConnection

    /// The typed events of `connection`, which must have joined groups
    /// (`NetlinkConnection/Configuration/groups`) — as one returned by
    /// `NetlinkConnection/routeEvents(_:additionalGroups:listenAllNamespaceIDs:configuration:)` has.
    public init(connection: NetlinkConnection) {
        self.connection = connection
    }

    /// Iterates the events.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        var events: NetlinkEvents.AsyncIterator
        var pending: [RouteEvent] = []
        var position = 0

        /// The next event, or `nil` once the connection is closed.
        public mutating func next() async throws(NetlinkError) -> RouteEvent? {
            while position == pending.count {
                guard let event = try await events.next() else { return nil }
                pending.removeAll(keepingCapacity: true)
                position = 0
                switch event {
                case .overrun(let drops): pending.append(.overrun(drops: drops))
                case .notification(let datagram): RouteEvent.decode(datagram, into: &pending)
                }
            }
            defer { position += 1 }
            return pending[position]
        }

        /// The next event, or `nil` once the connection is closed.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(NetlinkError) -> RouteEvent? {
            try await next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(events: connection.events.makeAsyncIterator())
    }
}
