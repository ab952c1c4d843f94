import KernelFeatures
import Netlink
import Testing

/// Whether this process may create network namespaces; kernel tests skip with this reason otherwise.
enum GenericKernelAccess {
    static let available: Bool = KernelFeatures.privateNamespaces.present
    static let reason: Comment = "needs CAP_SYS_ADMIN to create a private network namespace (run as root)"
}

/// A generic netlink connection in a new private namespace.
func genericTestConnection(configuration: NetlinkConnection.Configuration = .init()) async throws -> (NetworkNamespace, NetlinkConnection) {
    let namespace = try await NetworkNamespace.createPrivate()
    return (namespace, try await NetlinkConnection(family: .generic, namespace: namespace, configuration: configuration))
}
