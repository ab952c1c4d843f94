import Glibc
import Netlink
import NetlinkCore
import NetlinkSockDiag
import Testing

/// unix sock_diag against the kernel: an abstract listening stream socket and a connected pair in a
/// private namespace, with names, peers, queues and pending connections.
@Suite("unix sock_diag", .enabled(if: SockDiagKernelAccess.available, SockDiagKernelAccess.reason))
struct UnixSocketTests {
    @Test func abstractListenerAndPair() async throws {
        let space = try await SockDiagNamespace()
        let name = "nlctl-test-\(getpid())"
        let fds = try await space.inside { () -> [Int32] in
            let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = [UInt8(0)] + Array(name.utf8)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in for (index, byte) in bytes.enumerated() { raw[index] = byte } }
            let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
            listen(listener, 4)
            let client = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) } }
            return [listener, client]
        }
        defer { for fd in fds { close(fd) } }
        let sockets = try await space.connection.unixSockets()
        let listener = try #require(sockets.first { $0.state == .listen })
        #expect(listener.name == [0] + Array(name.utf8), "\(String(describing: listener.name))")
        #expect(listener.type == 1 && listener.pendingConnections?.count == 1, "one connection waits for accept: \(listener)")
        #expect(listener.uid == getuid())
        // The pending connection is named by its client (the server's end has no inode until accepted).
        let client = try #require(sockets.first { $0.state == .established })
        #expect(listener.pendingConnections?.first == client.inode, "\(String(describing: listener.pendingConnections)) vs \(client.inode)")
        #expect(client.peer == 0, "the unaccepted end has no inode yet: \(String(describing: client.peer))")
    }
}
