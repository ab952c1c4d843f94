import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The unix sockets `request` selects (a `SOCK_DIAG_BY_FAMILY` dump of `AF_UNIX`).
    public func unixSockets(_ request: UnixDiagRequest = UnixDiagRequest()) async throws(NetlinkError) -> [UnixSocket] {
        try await dumpAll(type: SockDiag.byFamily, fixedHeaderSize: UnixDiagRequest.size) { b in
            request.encode(into: &b)
        } decode: { message in
            message.type == SockDiag.byFamily ? try UnixSocket(decoding: message) : nil
        }
    }
}
