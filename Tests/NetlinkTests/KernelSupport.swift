import KernelFeatures
import Glibc
import Netlink
import NetlinkCore

/// Whether this process may create network namespaces (CAP_SYS_ADMIN) and configure them
/// (CAP_NET_ADMIN). Kernel tests skip with this reason when it is false; CI runs as root.
enum KernelAccess {
    static let available: Bool = KernelFeatures.privateNamespaces.present

    static let reason: Comment = "needs CAP_SYS_ADMIN and CAP_NET_ADMIN to create a private network namespace (run as root)"
}

import Testing

/// Opens a connection in a new private namespace.
func privateConnection(
    _ family: NetlinkFamily = .route, configuration: NetlinkConnection.Configuration = .init()
) throws -> (NetworkNamespace, NetlinkConnection) {
    let namespace = try NetworkNamespace.createPrivate()
    let connection = try NetlinkConnection(family: family, namespace: namespace, configuration: configuration)
    return (namespace, connection)
}

/// The next event, or `nil` when none comes within `timeout`.
func nextEvent(_ iterator: inout NetlinkEvents.AsyncIterator, within timeout: Duration) async throws -> NetlinkEvent? {
    let current = iterator
    return try await withThrowingTaskGroup(of: NetlinkEvent?.self) { group in
        group.addTask {
            var copy = current
            do {
                return try await copy.next()
            } catch let error as NetlinkError where error.code == .cancelled {
                return nil
            }
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        let first = try await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
