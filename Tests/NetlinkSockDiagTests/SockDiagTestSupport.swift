import Glibc
import KernelFeatures
import Netlink
import NetlinkCore
import NetlinkRoute
import Testing

/// Whether this process may create network namespaces; kernel tests skip with this reason otherwise.
enum SockDiagKernelAccess {
    static let available: Bool = KernelFeatures.privateNamespaces.present
    static let reason: Comment = "needs CAP_SYS_ADMIN to create a private network namespace (run as root)"
}

/// A private namespace with lo up, a sock_diag connection in it, and a way to open sockets there.
struct SockDiagNamespace {
    let namespace: NetworkNamespace
    let connection: NetlinkConnection

    init() async throws {
        namespace = try await NetworkNamespace.createPrivate()
        let route = try await NetlinkConnection(family: .route, namespace: namespace)
        try await route.setLink(index: 1, up: true)
        connection = try await NetlinkConnection(family: .sockDiag, namespace: namespace)
    }

    /// Runs `body` (socket calls) on a thread inside the namespace: the sockets it opens live there.
    func inside<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        try await namespace.perform { () throws(NetlinkError) -> T in body() }
    }
}

/// A TCP or UDP socket bound to `address:port` (IPv4 when `v6` is false), listening for TCP.
func boundSocket(type: Int32, v6: Bool, port: UInt16, listen shouldListen: Bool, v6Only: Bool = false) -> Int32 {
    let fd = socket(v6 ? AF_INET6 : AF_INET, type, 0)
    var one: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    if v6 {
        var only: Int32 = v6Only ? 1 : 0
        setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &only, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = port.bigEndian
        address.sin6_addr = in6addr_any
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
    } else {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    }
    if shouldListen { listen(fd, 16) }
    return fd
}

/// A TCP connection to 127.0.0.1:`port`: the client's descriptor.
func connectedSocket(port: UInt16) -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    return fd
}
