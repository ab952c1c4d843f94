import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The inet sockets `request` selects (a `SOCK_DIAG_BY_FAMILY` dump); `ENOENT` — no diag
    /// handler for this protocol (RAW, SCTP, DCCP here) — is ``SockDiagAnswer/notSupported(_:)``.
    /// The connection must be of family `NetlinkFamily.sockDiag`.
    public func inetSockets(_ request: InetDiagRequest) async throws(NetlinkError) -> SockDiagAnswer<[InetSocket]> {
        do {
            return .sockets(try await dumpAll(type: SockDiag.byFamily, fixedHeaderSize: InetDiagRequest.size) { b in
                try request.encode(into: &b)
            } decode: { message in
                message.type == SockDiag.byFamily ? try InetSocket(decoding: message) : nil
            })
        } catch where error.errno?.rawValue == 2 {   // ENOENT
            return .notSupported(error)
        }
    }
}

extension NetlinkConnection {
    /// Closes `socket` in the kernel (`SOCK_DESTROY`, as `ss -K`): found by its addresses, ports,
    /// interface and cookie; its owner's next call fails with `ECONNABORTED`.
    /// - Parameters:
    ///   - socket: A socket from ``inetSockets(_:)`` (its cookie makes the lookup exact).
    ///   - protocol: Its protocol (``InetDiagRequest/IPProtocol``).
    /// - Throws: `NetlinkError`: `EPERM` without `CAP_NET_ADMIN`, `ENOENT` when it is gone,
    ///   `EOPNOTSUPP` for a protocol that cannot be destroyed.
    public func destroyInetSocket(_ socket: InetSocket, protocol: UInt32) async throws(NetlinkError) {
        let request = InetDiagRequest(family: socket.family, protocol: `protocol`, states: .all, id: socket.id)
        try await execute(type: SockDiag.destroy, fixedHeaderSize: InetDiagRequest.size) { b in try request.encode(into: &b) }
    }
}

extension NetlinkConnection {
    /// Closes every socket `request` selects, as `ss -K FILTER` does: one dump (the request's
    /// states and filter), then a `SOCK_DESTROY` for each socket.
    ///
    /// - Returns: Each socket with the outcome of its destruction: `ENOENT` when it went away in
    ///   between, `EOPNOTSUPP` for one that cannot be destroyed, `EPERM` without `CAP_NET_ADMIN`.
    ///   The dump's typed `.notSupported` when the protocol has no diag handler.
    public func destroyInetSockets(_ request: InetDiagRequest) async throws(NetlinkError) -> SockDiagAnswer<[InetSocketDestruction]> {
        let answer = try await inetSockets(request)
        guard case .sockets(let sockets) = answer else { return answer.map { _ in [] } }
        var outcomes: [InetSocketDestruction] = []
        outcomes.reserveCapacity(sockets.count)
        for socket in sockets {
            do {
                try await destroyInetSocket(socket, protocol: request.protocol)
                outcomes.append(InetSocketDestruction(socket: socket, error: nil))
            } catch {
                outcomes.append(InetSocketDestruction(socket: socket, error: error))
            }
        }
        return .sockets(outcomes)
    }
}

/// A socket ``Netlink/NetlinkConnection/destroyInetSockets(_:)`` found, and what its destruction answered.
public struct InetSocketDestruction: Sendable {
    /// The socket as the dump showed it.
    public var socket: InetSocket
    /// `nil` when it was destroyed; else the kernel's refusal.
    public var error: NetlinkError?
}

extension SockDiagAnswer {
    /// The same answer with its sockets transformed.
    public func map<T>(_ transform: (Sockets) throws -> T) rethrows -> SockDiagAnswer<T> {
        switch self {
        case .sockets(let sockets): .sockets(try transform(sockets))
        case .notSupported(let error): .notSupported(error)
        }
    }
}
