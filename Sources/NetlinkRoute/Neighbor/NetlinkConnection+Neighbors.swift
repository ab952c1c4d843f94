import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// Every neighbour entry (`ip neigh show`): a dump of `RTM_GETNEIGH`. Proxy entries are not in it:
    /// see ``proxyNeighbors(family:index:)``.
    ///
    /// - Parameters:
    ///   - family: `AF_INET` (2), `AF_INET6` (10), or 0 for every table.
    ///   - index: Only the entries of this interface (sent as `NDA_IFINDEX`, which the kernel filters on).
    public func neighbors(family: AddressFamily = 0, index: Int32? = nil) async throws(NetlinkError) -> [Neighbor] {
        try await neighbors(family: family, index: index, proxy: false)
    }

    /// Every proxy entry (`ip neigh show proxy`): the kernel dumps them only for a request whose
    /// `ndm_flags` is exactly `NTF_PROXY`, never with the ordinary entries.
    public func proxyNeighbors(family: AddressFamily = 0, index: Int32? = nil) async throws(NetlinkError) -> [Neighbor] {
        try await neighbors(family: family, index: index, proxy: true)
    }

    /// Streams the neighbour entries (or, with `proxy`, the proxy entries): a dump of `RTM_GETNEIGH`
    /// whose `RTM_NEWNEIGH` messages decode with ``Neighbor/init(decoding:)``, for tables too large
    /// to hold in an array.
    public func neighborDump(family: AddressFamily = 0, index: Int32? = nil, proxy: Bool = false, acceptInterrupted: Bool = false) -> NetlinkDump {
        dump(
            type: RouteMessageType.getNeighbor, fixedHeaderSize: NeighborMessage.size, acceptInterrupted: acceptInterrupted,
            Self.neighborDumpRequest(family: family, index: index, proxy: proxy))
    }

    private func neighbors(family: AddressFamily, index: Int32?, proxy: Bool) async throws(NetlinkError) -> [Neighbor] {
        try await dumpAll(
            type: RouteMessageType.getNeighbor, fixedHeaderSize: NeighborMessage.size,
            Self.neighborDumpRequest(family: family, index: index, proxy: proxy)
        ) { message in
            guard message.type == RouteMessageType.newNeighbor else { return nil }
            let neighbor = try Neighbor(decoding: message)
            if let index, neighbor.index != index { return nil }
            return neighbor
        }
    }

    /// The dump request: `ndm_family`, `ndm_flags` = `NTF_PROXY` for proxies, and the index as
    /// `NDA_IFINDEX` (a strict kernel refuses a non-zero `ndm_ifindex` in a dump request).
    private static func neighborDumpRequest(family: AddressFamily, index: Int32?, proxy: Bool) -> (inout NetlinkMessageBuilder) throws -> Void {
        { b in
            NeighborMessage(family: family, flags: proxy ? .proxy : []).encode(into: &b)
            if let index { try b.appendAttribute(NeighborAttribute.interfaceIndex, uint32: UInt32(bitPattern: index), .host) }
        }
    }

    /// Adds a neighbour entry (`ip neigh add`, `NLM_F_CREATE | NLM_F_EXCL`).
    ///
    /// - Parameters:
    ///   - destination: The protocol address.
    ///   - index: The interface.
    ///   - linkLayerAddress: The link-layer address (`lladdr`); none for a proxy entry.
    ///   - state: `nud`: ``NeighborState/permanent`` (default), ``NeighborState/reachable``,
    ///     ``NeighborState/stale``, ``NeighborState/noARP`` ...
    ///   - flags: ``NeighborFlags/router`` (IPv6), ``NeighborFlags/proxy`` (a proxy entry) ...
    /// - Throws: `EEXIST` when the entry exists.
    public func addNeighbor(
        _ destination: IPAddress, index: Int32, linkLayerAddress: [UInt8]? = nil,
        state: NeighborState = .permanent, flags: NeighborFlags = []
    ) async throws(NetlinkError) {
        try await addNeighbor(Neighbor(index: index, destination: destination, linkLayerAddress: linkLayerAddress, state: state, flags: flags))
    }

    /// Adds a neighbour entry (`NLM_F_CREATE | NLM_F_EXCL`): the header, `NDA_DST`, `NDA_LLADDR` and
    /// the other fields that are set, except ``Neighbor/cacheInfo`` and ``Neighbor/probes``.
    public func addNeighbor(_ neighbor: Neighbor) async throws(NetlinkError) {
        try await execute(.addNeighbor(neighbor))
    }

    /// Adds a neighbour entry or replaces the existing one (`ip neigh replace`, `NLM_F_CREATE | NLM_F_REPLACE`).
    public func replaceNeighbor(
        _ destination: IPAddress, index: Int32, linkLayerAddress: [UInt8]? = nil,
        state: NeighborState = .permanent, flags: NeighborFlags = []
    ) async throws(NetlinkError) {
        try await replaceNeighbor(Neighbor(index: index, destination: destination, linkLayerAddress: linkLayerAddress, state: state, flags: flags))
    }

    /// Adds a neighbour entry or replaces the existing one (`NLM_F_CREATE | NLM_F_REPLACE`).
    public func replaceNeighbor(_ neighbor: Neighbor) async throws(NetlinkError) {
        try await execute(.replaceNeighbor(neighbor))
    }

    /// Deletes a neighbour entry (`ip neigh del`).
    /// - Parameters:
    ///   - destination: The entry's IP address.
    ///   - index: The interface.
    ///   - proxy: Whether it is a proxy entry (they live in a table of their own).
    /// - Throws: `ENOENT` when there is no such entry.
    public func deleteNeighbor(_ destination: IPAddress, index: Int32, proxy: Bool = false) async throws(NetlinkError) {
        try await deleteNeighbor(Neighbor(index: index, destination: destination, flags: proxy ? .proxy : []))
    }

    /// Deletes the entry `neighbor` names: its family, interface, ``NeighborFlags/proxy`` flag and
    /// destination (and, for bridge FDB entries, its link-layer address and VLAN).
    public func deleteNeighbor(_ neighbor: Neighbor) async throws(NetlinkError) {
        try await execute(.deleteNeighbor(neighbor))
    }

    /// Deletes the neighbour entries that `shouldDelete` accepts (`ip neigh flush`): one dump, then
    /// one delete each. Entries that vanish in between (`ENOENT`) are not counted.
    ///
    /// - Parameters:
    ///   - family: `AF_INET` (2), `AF_INET6` (10), or 0 for both.
    ///   - index: Only the entries of this interface.
    ///   - shouldDelete: Which entries to delete; by default, like `ip neigh flush`, all but permanent
    ///     and `NOARP` ones. Proxy entries are never in the dump.
    /// - Returns: How many entries were deleted.
    @discardableResult
    public func flushNeighbors(
        family: AddressFamily = 0, index: Int32? = nil, where shouldDelete: (Neighbor) -> Bool = { !$0.isStatic }
    ) async throws(NetlinkError) -> Int {
        var deleted = 0
        for neighbor in try await neighbors(family: family, index: index) where shouldDelete(neighbor) {
            do {
                try await deleteNeighbor(neighbor)
                deleted += 1
            } catch where error.errno == .noSuchFileOrDirectory {
                continue
            }
        }
        return deleted
    }
}
