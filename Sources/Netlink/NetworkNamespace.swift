import Glibc
import NetlinkCore

/// A network namespace, held open by a descriptor: sockets can be created inside it.
///
/// Switching namespace changes the calling thread, so it happens only on a dedicated thread
/// (never on Swift's concurrency pool), and a socket stays in the namespace it was created in.
///
/// ```swift
/// let ns = try NetworkNamespace.named("blue")            // /run/netns/blue, like `ip -n blue`
/// let socket = try NetlinkSocket(family: .route, namespace: ns)
///
/// let scratch = try NetworkNamespace.createPrivate()     // a new, empty namespace: how tests isolate
/// ```
///
/// A private namespace lives as long as its descriptor or any socket created in it.
public final class NetworkNamespace: Sendable {
    /// The descriptor of the namespace (`/run/netns/NAME`, `/proc/PID/ns/net` ...). Owned.
    public let descriptor: Int32
    /// Where it was opened from, for messages.
    public let origin: String

    init(descriptor: Int32, origin: String) {
        self.descriptor = descriptor
        self.origin = origin
    }

    deinit { Syscall.close(descriptor) }

    /// The namespace `ip netns add NAME` (or ``create(named:)``) created: `/run/netns/NAME`, the
    /// name used byte for byte.
    /// - Throws: `NetlinkError/Code/namespaceFailed`, `Cannot open network namespace "NAME"`
    ///   (`ENOENT` when there is no such namespace).
    public static func named(_ name: String) throws(NetlinkError) -> NetworkNamespace {
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw NetlinkError(.namespaceFailed, errno: .invalidArgument, systemCall: "open", detail: "Invalid netns name \"\(name)\"")
        }
        let file = namesDirectory + "/" + name
        do {
            return NetworkNamespace(descriptor: try Syscall.open(file, O_RDONLY), origin: file)
        } catch {
            throw NetlinkError(.namespaceFailed, errno: error.errno, systemCall: "open", detail: "Cannot open network namespace \"\(name)\"")
        }
    }

    /// The namespace a file refers to (`/run/netns/NAME`, `/proc/PID/ns/net`, a bind mount).
    public static func path(_ path: String) throws(NetlinkError) -> NetworkNamespace {
        do {
            return NetworkNamespace(descriptor: try Syscall.open(path, O_RDONLY), origin: path)
        } catch {
            var error = error
            error.detail = "cannot open network namespace \"\(path)\""
            throw error
        }
    }

    /// The namespace an existing descriptor refers to. The descriptor is duplicated; the caller keeps its own.
    public static func descriptor(_ fd: Int32) throws(NetlinkError) -> NetworkNamespace {
        NetworkNamespace(descriptor: try Syscall.dup(fd), origin: "fd \(fd)")
    }

    /// The namespace of the calling process (`/proc/self/ns/net`).
    public static func current() throws(NetlinkError) -> NetworkNamespace {
        try path("/proc/self/ns/net")
    }

    /// Creates a new, empty network namespace (only `lo`, down) on a dedicated thread and returns it.
    ///
    /// Needs `CAP_SYS_ADMIN`. Nothing else refers to it: it goes away when this object and every
    /// socket made in it are gone.
    public static func createPrivate() throws(NetlinkError) -> NetworkNamespace {
        let fd = try DedicatedThread.run(name: "netns-create") { () throws(NetlinkError) -> Int32 in
            try Syscall.unshareNetwork()
            return try Syscall.open("/proc/thread-self/ns/net", O_RDONLY)
        }
        return NetworkNamespace(descriptor: fd, origin: "private namespace")
    }

    /// Creates a new, empty network namespace like the synchronous overload; the task is
    /// suspended, its thread free, while a dedicated thread unshares.
    public static func createPrivate() async throws(NetlinkError) -> NetworkNamespace {
        let fd = try await DedicatedThread.run(name: "netns-create") { () throws(NetlinkError) -> Int32 in
            try Syscall.unshareNetwork()
            return try Syscall.open("/proc/thread-self/ns/net", O_RDONLY)
        }
        return NetworkNamespace(descriptor: fd, origin: "private namespace")
    }

    /// Runs `body` on a dedicated thread that has entered this namespace, and returns its result.
    ///
    /// Use it for what must be done inside the namespace by a thread: creating sockets, opening
    /// `/dev/net/tun`. The thread ends afterwards. A thread already in this namespace (the caller's
    /// own) does not call `setns`, which needs `CAP_SYS_ADMIN`: an unprivileged caller working in its
    /// own namespace meets the errors of what it does (`open: Permission denied`), not of `setns`.
    ///
    /// The calling thread waits (about the time of a thread's creation and a `setns`); from async
    /// code the `async` overload suspends the task instead.
    public func perform<T>(_ body: @escaping () throws(NetlinkError) -> T) throws(NetlinkError) -> T {
        let fd = descriptor
        let target = identity
        return try DedicatedThread.run(name: "netns-enter") { () throws(NetlinkError) -> T in
            try Self.enter(fd, target)
            return try body()
        }
    }

    /// Runs `body` on a dedicated thread that has entered this namespace, and returns its result;
    /// the calling task is suspended meanwhile, its thread back in the concurrency pool.
    public func perform<T: Sendable>(_ body: @escaping @Sendable () throws(NetlinkError) -> T) async throws(NetlinkError) -> T {
        let fd = descriptor
        let target = identity
        return try await DedicatedThread.run(name: "netns-enter") { () throws(NetlinkError) -> T in
            try Self.enter(fd, target)
            return try body()
        }
    }

    /// Runs `body` in this namespace: on the calling thread when that thread is already in it
    /// (the same nsfs inode), else on a dedicated thread as `perform(_:)` does.
    ///
    /// For work that only needs the namespace — creating a socket, opening `/dev/net/tun` — and
    /// changes nothing of the thread it runs on (no `setns`, `unshare` or mount): such work must go
    /// through `perform(_:)`, which always uses a thread of its own. A program that has
    /// entered a namespace itself (a one-shot command's `-n`, as `ip -n` does) makes its sockets
    /// there without a thread's creation.
    public func performHere<T>(_ body: @escaping () throws(NetlinkError) -> T) throws(NetlinkError) -> T {
        if Self.callingThreadIsIn(identity) { return try body() }
        return try perform(body)
    }

    /// `performHere(_:)` for async code: the task is suspended while a dedicated thread
    /// works, when one is needed.
    public func performHere<T: Sendable>(_ body: @escaping @Sendable () throws(NetlinkError) -> T) async throws(NetlinkError) -> T {
        if Self.callingThreadIsIn(identity) { return try body() }
        return try await perform(body)
    }

    /// Moves the calling thread into this namespace for good (`setns(2)`), as `ip -n` moves its
    /// process at start; the threads it starts afterwards are born there. For a program's own
    /// thread (a one-shot command's main thread), never a thread of Swift's concurrency pool,
    /// whose other tasks would follow it. Sockets made afterwards with `performHere(_:)`
    /// (a `NetlinkSocket` in this namespace) need no thread of their own.
    /// - Throws: `NetlinkError` naming `setns` (`EPERM` without `CAP_SYS_ADMIN`).
    public func enterOnCallingThread() throws(NetlinkError) {
        try Syscall.setns(descriptor)
    }

    /// Whether the calling thread's network namespace is `target` (`nil`, unknown: no).
    private static func callingThreadIsIn(_ target: NamespaceIdentity?) -> Bool {
        target != nil && identity(ofPath: "/proc/thread-self/ns/net") == target
    }

    /// Enters the namespace of `fd` unless the thread is already there (the same nsfs inode as
    /// the thread's own namespace: no `setns`).
    private static func enter(_ fd: Int32, _ target: NamespaceIdentity?) throws(NetlinkError) {
        if !callingThreadIsIn(target) { try Syscall.setns(fd) }
    }
}
