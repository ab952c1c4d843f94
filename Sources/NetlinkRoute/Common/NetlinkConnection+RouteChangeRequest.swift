import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// Sends one change and waits for its acknowledgement: `try await connection.execute(.addRoute(route))`.
    ///
    /// A failure says what was asked (``RouteChangeRequest/summary``) and names the attribute an
    /// extended ack points at: `add route 10.1.0.0/16 via 10.77.0.254 dev 3: File exists`; its
    /// `NetlinkError.iproute2Description` stays what iproute2 prints.
    nonisolated(nonsending) public func execute(_ request: RouteChangeRequest) async throws(NetlinkError) {
        do {
            try await execute(type: request.type, flags: request.flags, fixedHeaderSize: request.fixedHeaderSize) { b in
                try request.encode(into: &b)
            }
        } catch {
            throw error.asking(request.summary, naming: request.attributeNaming)
        }
    }

    /// Runs `body` (one request); a failure says what was asked: `what` (`create link br0`).
    nonisolated(nonsending) func asking(
        _ what: String, naming: any NetlinkAttributeNaming, _ body: () async throws(NetlinkError) -> Void
    ) async throws(NetlinkError) {
        do {
            try await body()
        } catch {
            throw error.asking(what, naming: naming)
        }
    }
}

extension NetlinkError {
    /// This error with ``request`` set to `what` (unless set already) and the extended ack's
    /// attribute named by `naming`.
    func asking(_ what: String, naming: any NetlinkAttributeNaming) -> NetlinkError {
        var error = self
        if error.request == nil { error.request = what }
        if error.attributeName == nil, let path = error.attributePath { error.attributeName = path.description(naming: naming) }
        return error
    }
}

// Typed changes for a batch: the message type, flags and payload of each come from one
// `RouteChangeRequest`, so they cannot disagree. Each returns the change's index in the batch.
extension NetlinkBatch {
    /// Appends one change (see ``RouteChangeRequest``).
    @discardableResult
    nonisolated(nonsending) public func append(_ request: RouteChangeRequest) async throws(NetlinkError) -> Int {
        try await append(type: request.type, flags: request.flags, fixedHeaderSize: request.fixedHeaderSize) { b in
            try request.encode(into: &b)
        }
    }

    /// `ip route add`.
    @discardableResult
    nonisolated(nonsending) public func add(_ route: Route) async throws(NetlinkError) -> Int { try await append(.addRoute(route)) }
    /// `ip route replace`.
    @discardableResult
    nonisolated(nonsending) public func replace(_ route: Route) async throws(NetlinkError) -> Int { try await append(.replaceRoute(route)) }
    /// `ip route del`.
    @discardableResult
    nonisolated(nonsending) public func delete(_ route: Route) async throws(NetlinkError) -> Int { try await append(.deleteRoute(route)) }
    /// `ip address add`.
    @discardableResult
    nonisolated(nonsending) public func add(_ address: InterfaceAddressRequest) async throws(NetlinkError) -> Int { try await append(.addAddress(address)) }
    /// `ip address del`.
    @discardableResult
    nonisolated(nonsending) public func delete(_ address: InterfaceAddressRequest) async throws(NetlinkError) -> Int { try await append(.deleteAddress(address)) }
    /// `ip neigh add`.
    @discardableResult
    nonisolated(nonsending) public func add(_ neighbor: Neighbor) async throws(NetlinkError) -> Int { try await append(.addNeighbor(neighbor)) }
    /// `ip neigh replace`.
    @discardableResult
    nonisolated(nonsending) public func replace(_ neighbor: Neighbor) async throws(NetlinkError) -> Int { try await append(.replaceNeighbor(neighbor)) }
    /// `ip neigh del`.
    @discardableResult
    nonisolated(nonsending) public func delete(_ neighbor: Neighbor) async throws(NetlinkError) -> Int { try await append(.deleteNeighbor(neighbor)) }
    /// `ip nexthop add`.
    @discardableResult
    nonisolated(nonsending) public func add(_ nexthop: Nexthop) async throws(NetlinkError) -> Int { try await append(.addNexthop(nexthop)) }
    /// `ip nexthop replace`.
    @discardableResult
    nonisolated(nonsending) public func replace(_ nexthop: Nexthop) async throws(NetlinkError) -> Int { try await append(.replaceNexthop(nexthop)) }
    /// `ip nexthop del id ID`.
    @discardableResult
    nonisolated(nonsending) public func deleteNexthop(id: UInt32) async throws(NetlinkError) -> Int { try await append(.deleteNexthop(id: id)) }
}
