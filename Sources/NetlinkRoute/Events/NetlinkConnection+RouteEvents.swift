import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// Subscribes to typed rtnetlink events on a separate socket in this connection's namespace
    /// (see `subscribe(groups:configuration:)`).
    ///
    /// ```swift
    /// let events = try connection.routeEvents([.link, .address, .route])   // synchronous code
    /// for try await event in events { ... }
    /// ```
    /// - Parameters:
    ///   - objects: What to watch (every object by default).
    ///   - additionalGroups: More groups to join by number (``RouteGroup``), for example
    ///     `RTNLGRP_MPLS_ROUTE` (27); their messages come as the modelled events when their type is
    ///     known, as ``RouteEvent/unrecognized(_:)`` otherwise.
    ///   - listenAllNamespaceIDs: Also receive the notifications of every namespace that has an
    ///     ID here (`NETLINK_LISTEN_ALL_NSID`); ``RouteEventOrigin/namespaceID`` tells them apart.
    ///   - configuration: The subscription socket's configuration (receive buffer size ...).
    /// - Throws: `NetlinkError` when the socket cannot be opened or a group joined.
    public func routeEvents(
        _ objects: RouteEventObjects = .all, additionalGroups: [UInt32] = [], listenAllNamespaceIDs: Bool = false,
        configuration: Configuration = Configuration()
    ) throws(NetlinkError) -> RouteEvents {
        let (groups, configuration) = Self.routeSubscription(objects, additionalGroups, listenAllNamespaceIDs, configuration)
        return RouteEvents(connection: try subscribe(groups: groups, configuration: configuration))
    }

    /// Subscribes like the synchronous overload; in another namespace the task is suspended, its
    /// thread free, while a thread enters it to make the socket.
    ///
    /// ```swift
    /// for try await event in try await connection.routeEvents([.link, .route]) { ... }
    /// ```
    public func routeEvents(
        _ objects: RouteEventObjects = .all, additionalGroups: [UInt32] = [], listenAllNamespaceIDs: Bool = false,
        configuration: Configuration = Configuration()
    ) async throws(NetlinkError) -> RouteEvents {
        let (groups, configuration) = Self.routeSubscription(objects, additionalGroups, listenAllNamespaceIDs, configuration)
        return RouteEvents(connection: try await subscribe(groups: groups, configuration: configuration))
    }

    private static func routeSubscription(
        _ objects: RouteEventObjects, _ additionalGroups: [UInt32], _ listenAllNamespaceIDs: Bool, _ configuration: Configuration
    ) -> ([UInt32], Configuration) {
        var configuration = configuration
        configuration.listenAllNamespaceIDs = configuration.listenAllNamespaceIDs || listenAllNamespaceIDs
        return (Array(Set(objects.groups + additionalGroups)).sorted(), configuration)
    }
}
