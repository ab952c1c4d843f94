// One wrapper per system call, the EINTR loop written once (after swift-system's Syscalls.swift).
// Everything here is internal: public API throws NetlinkError.
import CNetlinkShim
import Glibc
import NetlinkCore
import SystemPackage

/// Runs `body` until it stops failing with EINTR; a result of -1 becomes ``NetlinkError/Code/systemCallFailed``.
@inline(__always)
func valueOrError<T: FixedWidthInteger>(
    _ name: StaticString, retryOnInterrupt: Bool = true, _ body: () -> T
) throws(NetlinkError) -> T {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = Glibc.errno
        if retryOnInterrupt && code == EINTR { continue }
        if code == EFAULT { preconditionFailure("\(name): EFAULT, a bug in swift-netlink") }
        throw NetlinkError.systemCall("\(name)", Errno(rawValue: code))
    }
}

enum Syscall {
    static func socket(_ domain: Int32, _ type: Int32, _ proto: Int32) throws(NetlinkError) -> Int32 {
        try valueOrError("socket") { Glibc.socket(domain, type, proto) }
    }

    static func close(_ fd: Int32) {
        // close(2) is never retried: on Linux the descriptor is released even when it reports EINTR.
        _ = Glibc.close(fd)
    }

    static func bind(_ fd: Int32, _ address: NetlinkSocketAddress) throws(NetlinkError) {
        var address = address
        _ = try valueOrError("bind") {
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(fd, $0, socklen_t(MemoryLayout<NetlinkSocketAddress>.size))
                }
            }
        }
    }

    static func connect(_ fd: Int32, _ address: NetlinkSocketAddress) throws(NetlinkError) {
        var address = address
        _ = try valueOrError("connect") {
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<NetlinkSocketAddress>.size))
                }
            }
        }
    }

    static func getsockname(_ fd: Int32) throws(NetlinkError) -> NetlinkSocketAddress {
        var address = NetlinkSocketAddress()
        var length = socklen_t(MemoryLayout<NetlinkSocketAddress>.size)
        _ = try valueOrError("getsockname") {
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.getsockname(fd, $0, &length) }
            }
        }
        return address
    }

    static func setsockopt<T: BitwiseCopyable>(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: T, _ what: StaticString = "setsockopt") throws(NetlinkError) {
        _ = try valueOrError(what) {
            withUnsafeBytes(of: value) { Glibc.setsockopt(fd, level, name, $0.baseAddress, socklen_t($0.count)) }
        }
    }

    static func getsockopt<T: BitwiseCopyable>(_ fd: Int32, _ level: Int32, _ name: Int32, _ initial: T) throws(NetlinkError) -> T {
        var value = initial
        var length = socklen_t(MemoryLayout<T>.size)
        _ = try valueOrError("getsockopt") {
            withUnsafeMutableBytes(of: &value) { Glibc.getsockopt(fd, level, name, $0.baseAddress, &length) }
        }
        return value
    }

    /// getsockopt into a byte buffer; returns the length the kernel reports (which may exceed the buffer).
    static func getsockopt(_ fd: Int32, _ level: Int32, _ name: Int32, into buffer: inout [UInt8]) throws(NetlinkError) -> Int {
        var length = socklen_t(buffer.count)
        _ = try valueOrError("getsockopt") {
            buffer.withUnsafeMutableBytes { Glibc.getsockopt(fd, level, name, $0.baseAddress, &length) }
        }
        return Int(length)
    }

    static func sendto(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ address: NetlinkSocketAddress) throws(NetlinkError) -> Int {
        var address = address
        return try valueOrError("sendto") {
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.sendto(fd, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<NetlinkSocketAddress>.size))
                }
            }
        }
    }

    static func poll(_ fds: inout [pollfd], timeoutMilliseconds: Int32) throws(NetlinkError) -> Int32 {
        try valueOrError("poll") { Glibc.poll(&fds, nfds_t(fds.count), timeoutMilliseconds) }
    }

    static func eventfd() throws(NetlinkError) -> Int32 {
        try valueOrError("eventfd") { netlink_shim_eventfd() }
    }

    static func unshareNetwork() throws(NetlinkError) {
        _ = try valueOrError("unshare") { netlink_shim_unshare(netlink_shim_clone_newnet()) }
    }

    static func setns(_ fd: Int32) throws(NetlinkError) {
        _ = try valueOrError("setns") { netlink_shim_setns(fd, netlink_shim_clone_newnet()) }
    }

    static func open(_ path: String, _ flags: Int32) throws(NetlinkError) -> Int32 {
        try valueOrError("open") { path.withRawBytesCString { Glibc.open($0, flags | O_CLOEXEC) } }
    }

    static func dup(_ fd: Int32) throws(NetlinkError) -> Int32 {
        try valueOrError("fcntl") { Glibc.fcntl(fd, F_DUPFD_CLOEXEC, 0) }
    }

    static var currentThreadID: Int32 { netlink_shim_gettid() }
}
