import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The inet sockets `request` selects (a `SOCK_DIAG_BY_FAMILY` dump); `ENOENT` — no diag
    /// handler for this protocol (RAW, SCTP, DCCP here) — is ``SockDiagAnswer/notSupported(_:)``.
    /// The connection must be of family `NetlinkFamily.sockDiag`.
    public func inetSockets(_ request: InetDiagRequest) async throws(NetlinkError) -> SockDiagAnswer<InetSocket> {
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
