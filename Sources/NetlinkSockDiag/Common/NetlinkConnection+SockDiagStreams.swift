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

    /// Streams the inet sockets `request` selects as ``InetSocketSummary`` values: the fixed part
    /// of each reply, its protocol and IPv6-only, no other attribute decoded (see
    /// ``inetSocketStream(_:)``; the request's extensions are still sent and their attributes
    /// walked over).
    public func inetSocketSummaryStream(_ request: InetDiagRequest) async throws(NetlinkError) -> SockDiagAnswer<SockDiagStream<InetSocketSummary>> {
        let dump = dump(type: SockDiag.byFamily, fixedHeaderSize: InetDiagRequest.size) { b in try request.encode(into: &b) }
        return try await SockDiagStream.begin(dump) { message in
            message.type == SockDiag.byFamily ? try InetSocketSummary(decoding: message) : nil
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
