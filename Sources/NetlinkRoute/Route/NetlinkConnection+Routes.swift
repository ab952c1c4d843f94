import Netlink
import NetlinkCore

extension NetlinkConnection {
    // MARK: Dumps

    /// Starts a route dump (`RTM_GETROUTE` with `NLM_F_DUMP`) whose request asks the kernel to
    /// filter by `filter`'s kernel-side fields: the raw datagrams, for callers that read the
    /// messages themselves (their flags carry `NLM_F_DUMP_FILTERED` when the kernel filtered).
    ///
    /// The messages are **not** filtered in user space here; ``routeStream(filter:)`` and
    /// ``routes(filter:retries:)`` do that.
    public func routeDump(filter: RouteFilter = RouteFilter(), acceptInterrupted: Bool = false) -> NetlinkDump {
        dump(type: RouteMessageType.getRoute, fixedHeaderSize: RouteMessage.size, acceptInterrupted: acceptInterrupted) { b in
            try filter.encodeDumpRequest(into: &b)
        }
    }

    /// Streams the routes that pass `filter`, decoded as they arrive, with bounded memory.
    ///
    /// ```swift
    /// for try await route in connection.routeStream(filter: RouteFilter(family: AddressFamily.inet, table: .main)) {
    ///     print(route.destinationDescription, route.gateway.map { "via \($0)" } ?? "")
    /// }
    /// ```
    /// A dump flagged `NLM_F_DUMP_INTR` throws `NetlinkError/Code/dumpInterrupted` at its end.
    public func routeStream(filter: RouteFilter = RouteFilter()) -> RouteStream {
        RouteStream(dump: routeDump(filter: filter), filter: filter)
    }

    /// Every route that passes `filter`, retrying up to `retries` times a dump flagged interrupted.
    ///
    /// The kernel-side fields of the filter are sent in the request and, whatever the kernel did
    /// with them, every field is checked again in user space (see ``RouteFilter``). The routes are
    /// read as ``routeStream(filter:)`` reads them (decoded in place, one slot) and copied into the
    /// array: its memory grows with the table (about 100 bytes a plain route), so stream large ones.
    public func routes(filter: RouteFilter = RouteFilter(), retries: Int = 3) async throws(NetlinkError) -> [Route] {
        try await retryingInterruptedDumps(retries: retries) { () async throws(NetlinkError) in
            let stream = RouteStream(dump: routeDump(filter: filter, acceptInterrupted: true), filter: filter)
            var routes: [Route] = []
            for try await route in stream { routes.append(route) }
            return (routes, stream.dump.wasInterrupted)
        }
    }

    // MARK: Changes

    /// Adds a route (`RTM_NEWROUTE` with `NLM_F_CREATE | NLM_F_EXCL`, as `ip route add`).
    ///
    /// - Throws: `NetlinkError` with the kernel's errno and message: `EEXIST` when the route
    ///   exists, `ENETUNREACH` when no route reaches the gateway, `ENODEV` for a missing device ...
    public func addRoute(_ route: Route) async throws(NetlinkError) {
        try await execute(.addRoute(route))
    }

    /// Adds a route or replaces the one with the same key (`NLM_F_CREATE | NLM_F_REPLACE`, as
    /// `ip route replace`).
    public func replaceRoute(_ route: Route) async throws(NetlinkError) {
        try await execute(.replaceRoute(route))
    }

    /// Adds a route after those with the same key (`NLM_F_CREATE | NLM_F_APPEND`, as
    /// `ip route append`). IPv6 merges it into a multipath route with the existing one; IPv4 keeps
    /// both entries, the first in use.
    public func appendRoute(_ route: Route) async throws(NetlinkError) {
        try await execute(.appendRoute(route))
    }

    /// Deletes a route (`RTM_DELROUTE`, as `ip route del`): a route from a dump, or one described
    /// by its key (see ``Route/EncodingPurpose/delete`` for what is matched).
    ///
    /// - Throws: `NetlinkError`: `ESRCH` from the kernel when no route matches.
    public func deleteRoute(_ route: Route) async throws(NetlinkError) {
        try await execute(.deleteRoute(route))
    }

    /// Deletes every route that passes `filter` (as `ip route flush`): one dump, then the deletes
    /// in batches. Routes that vanished meanwhile (`ESRCH`, for example removed with another
    /// route) are not counted and not an error.
    ///
    /// With the default filter this deletes every route of every table, the kernel's local and
    /// broadcast routes included: give a table and family to be gentler.
    /// - Returns: The number of routes deleted.
    /// - Throws: The first error other than `ESRCH`.
    @discardableResult
    public func flushRoutes(filter: RouteFilter = RouteFilter(), batchSize: Int = 64) async throws(NetlinkError) -> Int {
        let doomed = try await routes(filter: filter)
        var deleted = 0
        var start = 0
        while start < doomed.count {
            let batch = doomed[start..<min(start + max(1, batchSize), doomed.count)]
            start = batch.endIndex
            let requests = batch.map { route in
                (type: RouteMessageType.deleteRoute, flags: NetlinkMessageFlags(), fixedHeaderSize: RouteMessage.size,
                 build: { (b: inout NetlinkMessageBuilder) throws in try route.encode(into: &b, for: .delete) })
            }
            for result in try await executeBatch(requests) {
                switch result {
                case .success: deleted += 1
                case .failure(let error) where error.code == .kernelError && error.errno?.rawValue == Self.noSuchProcess: continue
                case .failure(let error): throw error
                }
            }
        }
        return deleted
    }

    /// `ESRCH`.
    private static var noSuchProcess: Int32 { 3 }

    // MARK: Lookup

    /// Asks the kernel which route it would use (`RTM_GETROUTE` without `NLM_F_DUMP`, as `ip route get`).
    ///
    /// - Parameters:
    ///   - destination: The address to look up (`RTA_DST`, `rtm_dst_len` 32 or 128).
    ///   - source: The source address (`RTA_SRC`), needed with an input interface.
    ///   - inputIndex: Look up as if the packet arrived on this device (`RTA_IIF`).
    ///   - outputIndex: Force this output device (`RTA_OIF`).
    ///   - mark: The firewall mark (`RTA_MARK`), for policy routing.
    ///   - fibMatch: Return the FIB entry that matched (`RTM_F_FIB_MATCH`, `ip route get fibmatch`)
    ///     rather than the resolved route for the one address.
    /// - Returns: The route. For IPv4 the request sets `RTM_F_LOOKUP_TABLE`, so ``Route/table`` is
    ///   the table the lookup hit (IPv6 reports it anyway, and refuses the flag under strict checking).
    /// - Throws: `NetlinkError`: `ENETUNREACH` when no route matches, ...
    public func getRoute(
        to destination: IPAddress, from source: IPAddress? = nil, inputIndex: Int32? = nil, outputIndex: Int32? = nil,
        mark: UInt32? = nil, fibMatch: Bool = false
    ) async throws(NetlinkError) -> Route {
        let family = AddressFamily(of: destination)
        let full: UInt8 = family == AddressFamily.inet6 ? 128 : 32
        var flags: RouteFlags = fibMatch ? .fibMatch : []
        if family == AddressFamily.inet { flags.insert(.lookupTable) }
        let ack = try await execute(type: RouteMessageType.getRoute, fixedHeaderSize: RouteMessage.size) { b in
            RouteMessage(family: family, destinationLength: full, sourceLength: source == nil ? 0 : full, flags: flags)
                .encode(into: &b)
            try b.appendAttribute(RouteAttribute.destination, ip: destination)
            if let source { try b.appendAttribute(RouteAttribute.source, ip: source) }
            if let inputIndex { try b.appendAttribute(RouteAttribute.inputInterface, int32: inputIndex, .host) }
            if let outputIndex { try b.appendAttribute(RouteAttribute.outputInterface, int32: outputIndex, .host) }
            if let mark { try b.appendAttribute(RouteAttribute.mark, uint32: mark, .host) }
        }
        var found: Route?
        do {
            try ack.forEachReply { message in
                if found == nil, message.type == RouteMessageType.newRoute { found = try Route(decoding: message) }
            }
        } catch let error as NetlinkError {
            throw error
        } catch {
            throw NetlinkError(.malformedReply, sequence: ack.sequence, decodingError: error as? NetlinkDecodingError)
        }
        guard let found else {
            throw NetlinkError(.malformedReply, sequence: ack.sequence, detail: "no RTM_NEWROUTE in the reply")
        }
        return found
    }
}
