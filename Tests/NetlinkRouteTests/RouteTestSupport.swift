import Netlink
import NetlinkCore
import Testing

/// Whether this process may create network namespaces; kernel tests skip with ``reason`` otherwise.
enum RouteKernelAccess {
    static let available: Bool = (try? NetworkNamespace.createPrivate()) != nil
    static let reason: Comment = "needs CAP_SYS_ADMIN and CAP_NET_ADMIN to create a private network namespace (run as root)"
}

/// A connection in a new private namespace (with `lo` only, down).
func routeTestConnection(configuration: NetlinkConnection.Configuration = .init()) throws -> (NetworkNamespace, NetlinkConnection) {
    let namespace = try NetworkNamespace.createPrivate()
    return (namespace, try NetlinkConnection(family: .route, namespace: namespace, configuration: configuration))
}
