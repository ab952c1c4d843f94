import Glibc
import Netlink
import NetlinkCore
import NetlinkSockDiag
import Testing

/// netlink sock_diag against the kernel: the test's own sockets of a private namespace — the
/// sock_diag connection itself and a route socket joined to a group — with port IDs and groups.
@Suite("netlink sock_diag", .enabled(if: SockDiagKernelAccess.available, SockDiagKernelAccess.reason))
struct NetlinkSocketTests {
    @Test func ownSocketsWithTheirGroups() async throws {
        let space = try await SockDiagNamespace()
        var configuration = NetlinkConnection.Configuration()
        configuration.groups = [5]   // RTNLGRP_IPV4_IFADDR
        let listener = try await NetlinkConnection(family: .route, namespace: space.namespace, configuration: configuration)
        let sockets = try await space.connection.netlinkSockets()
        // Port IDs are unique per netlink family only: the process's first socket of each family gets its PID.
        let diag = try #require(sockets.first { $0.protocol == 4 && $0.portID == space.connection.localAddress.portID }, "\(sockets)")
        #expect(diag.type == 3 && diag.state == 1, "the sock_diag socket itself: \(diag)")
        let route = try #require(sockets.first { $0.protocol == 0 && $0.portID == listener.localAddress.portID })
        #expect(route.protocol == 0 && route.joinedGroups == [5], "\(route)")
        #expect(route.memory?.isEmpty == false)
        // One family only.
        let onlyRoute = try await space.connection.netlinkSockets(NetlinkDiagRequest(protocol: 0))
        #expect(onlyRoute.allSatisfy { $0.protocol == 0 } && onlyRoute.contains { $0.portID == listener.localAddress.portID })
    }

    /// `Configuration.connectsToPeer`: connected to the kernel by default (state 1, NETLINK_CONNECTED),
    /// left unconnected when false — and both answer.
    @Test func connectedOrNot() async throws {
        let space = try await SockDiagNamespace()
        var configuration = NetlinkConnection.Configuration()
        configuration.connectsToPeer = false
        let unconnected = try await NetlinkConnection(family: .sockDiag, namespace: space.namespace, configuration: configuration)
        let sockets = try await unconnected.netlinkSockets()
        let own = try #require(sockets.first { $0.protocol == 4 && $0.portID == unconnected.localAddress.portID }, "\(sockets)")
        #expect(own.state != 1, "unconnected (the socket's sk_state, TCP_CLOSE here, not NETLINK_CONNECTED): \(own)")
        let connected = try #require(sockets.first { $0.protocol == 4 && $0.portID == space.connection.localAddress.portID })
        #expect(connected.state == 1 && connected.destinationPortID == 0, "connected to the kernel: \(connected)")
    }
}
