import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The netlink sockets of the namespace (`SOCK_DIAG_BY_FAMILY` dump of `AF_NETLINK`), as `ss -A netlink`.
    public func netlinkSockets(_ request: NetlinkDiagRequest = NetlinkDiagRequest()) async throws(NetlinkError) -> [NetlinkSocketDiag] {
        try await dumpAll(type: SockDiag.byFamily, fixedHeaderSize: NetlinkDiagRequest.size) { b in
            request.encode(into: &b)
        } decode: { message in
            message.type == SockDiag.byFamily ? try NetlinkSocketDiag(decoding: message) : nil
        }
    }
}
