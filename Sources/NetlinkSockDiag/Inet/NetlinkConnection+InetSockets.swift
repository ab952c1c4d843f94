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
