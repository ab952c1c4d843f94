import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// Opens a subscription to the sock_diag destroy groups (all four by default) in this
    /// connection's namespace, as `ss -E` does.
    /// - Throws: `NetlinkError` with `EPERM` without `CAP_NET_ADMIN`.
    public func inetSocketEvents(groups: [UInt32] = SockDiagGroup.allDestroy) async throws(NetlinkError) -> InetSocketEvents {
        InetSocketEvents(connection: try await subscribe(groups: groups))
    }
}
