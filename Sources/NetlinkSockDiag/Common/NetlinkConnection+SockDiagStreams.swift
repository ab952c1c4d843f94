import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// Streams the inet sockets `request` selects, decoded as they arrive, with bounded memory
    /// (see ``SockDiagStream``); `ENOENT` — no diag handler for the protocol — is
    /// ``SockDiagAnswer/notSupported(_:)``, known before the first socket.
    public func inetSocketStream(_ request: InetDiagRequest) async throws(NetlinkError) -> SockDiagAnswer<SockDiagStream<InetSocket>> {
        let dump = dump(type: SockDiag.byFamily, fixedHeaderSize: InetDiagRequest.size) { b in try request.encode(into: &b) }
        return try await SockDiagStream.begin(dump) { message in
            message.type == SockDiag.byFamily ? try InetSocket(decoding: message) : nil
        }
    }

    /// Streams the unix sockets `request` selects (see ``inetSocketStream(_:)``).
    public func unixSocketStream(_ request: UnixDiagRequest = UnixDiagRequest()) async throws(NetlinkError) -> SockDiagAnswer<SockDiagStream<UnixSocket>> {
        let dump = dump(type: SockDiag.byFamily, fixedHeaderSize: UnixDiagRequest.size) { b in request.encode(into: &b) }
        return try await SockDiagStream.begin(dump) { message in
            message.type == SockDiag.byFamily ? try UnixSocket(decoding: message) : nil
        }
    }
}
