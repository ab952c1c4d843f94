import Glibc
import NetlinkCore
import SystemPackage

/// Named network namespaces, as `ip netns` keeps them: a namespace stays alive while its nsfs
/// file is bind-mounted on `/run/netns/NAME`, and `/run/netns` is a shared mount point so that
/// other mount namespaces see the names.
///
/// ```swift
/// let blue = try NetworkNamespace.create(named: "blue")     // ip netns add blue
/// let connection = try NetlinkConnection(family: .route, namespace: blue)
/// print(NetworkNamespace.names())                          // ip netns list: ["blue", ...]
/// print(try NetworkNamespace.ofProcess(pid).boundNames())   // ip netns identify PID
/// try NetworkNamespace.delete(named: "blue")                // ip netns delete blue
/// ```
///
/// Names are bytes (see `String(rawBytes:)`): a name read from the directory keeps every byte, and
/// a name given here is used byte for byte. Errors are `NetlinkError.Code.namespaceFailed` and
/// name the namespace in iproute2's words (`Cannot create namespace file "/run/netns/blue": File exists`).
extension NetworkNamespace {
    /// Where the names live: `/run/netns` (iproute2's `NETNS_RUN_DIR`).
    public static let namesDirectory = "/run/netns"

    /// Whether `name` can name a namespace (iproute2's `is_valid_netns_name`): not empty, shorter
    /// than `NAME_MAX` bytes, no `/`, not `.` or `..`.
    public static func isValidName(_ name: String) -> Bool {
        let count = name.rawByteCount
        return count > 0 && count < Int(NAME_MAX) && !name.utf8.contains(UInt8(ascii: "/")) && name != "." && name != ".."
    }

    /// Creates a new, empty network namespace named `name` (`ip netns add NAME`) and returns it.
    ///
    /// Makes `/run/netns` if needed and makes it a shared mount point (bind-mounting it on itself
    /// first when it is not a mount point), creates `/run/netns/NAME` (which must not exist), makes
    /// the namespace on a dedicated thread and bind-mounts it there. Needs `CAP_SYS_ADMIN`. On a
    /// failure after the file was made, the file is removed again.
    /// - Throws: `NetlinkError/Code/namespaceFailed` naming the step and the namespace.
    @discardableResult
    public static func create(named name: String) throws(NetlinkError) -> NetworkNamespace {
        guard isValidName(name) else {
            throw failure("Invalid netns name \"\(name)\"", call: nil, errno: EINVAL)
        }
        let path = try makeNameFile(name)
        let namespace: NetworkNamespace
        do {
            namespace = try createPrivate()
        } catch {
            path.withRawBytesCString { _ = unlink($0) }
            throw failure("Failed to create a new network namespace \"\(name)\"", call: "unshare", errno: error.errno?.rawValue ?? EINVAL)
        }
        let source = "/proc/self/fd/\(namespace.descriptor)"
        if path.withRawBytesCString({ mount(source, $0, "none", UInt(MS_BIND), nil) }) != 0 {
            let code = Glibc.errno
            path.withRawBytesCString { _ = unlink($0) }
            throw failure("Bind /proc/self/ns/net -> \(path) failed", call: "mount", errno: code)
        }
        // The bind mount holds the namespace now; the returned object holds its own descriptor.
        do {
            return NetworkNamespace(descriptor: try Syscall.dup(namespace.descriptor), origin: path)
        } catch {
            throw failure("Cannot open network namespace \"\(name)\"", call: "dup", errno: error.errno?.rawValue ?? EINVAL)
        }
    }

    /// Names the network namespace of process `processID` `name` (`ip netns attach NAME PID`):
    /// the same steps as ``create(named:)``, with `/proc/PID/ns/net` bind-mounted on
    /// `/run/netns/NAME`. Needs `CAP_SYS_ADMIN`. On a failure after the file was made, the file is
    /// removed again.
    /// - Throws: `NetlinkError/Code/namespaceFailed` naming the step (`Bind /proc/PID/ns/net ->
    ///   /run/netns/NAME failed: No such file or directory` for no such process).
    @discardableResult
    public static func attach(named name: String, processID: Int32) throws(NetlinkError) -> NetworkNamespace {
        guard isValidName(name) else {
            throw failure("Invalid netns name \"\(name)\"", call: nil, errno: EINVAL)
        }
        let path = try makeNameFile(name)
        let source = "/proc/\(processID)/ns/net"
        if path.withRawBytesCString({ mount(source, $0, "none", UInt(MS_BIND), nil) }) != 0 {
            let code = Glibc.errno
            path.withRawBytesCString { _ = unlink($0) }
            throw failure("Bind \(source) -> \(path) failed", call: "mount", errno: code)
        }
        do {
            return try NetworkNamespace(descriptor: Syscall.open(path, O_RDONLY), origin: path)
        } catch {
            throw failure("Cannot open network namespace \"\(name)\"", call: "open", errno: error.errno?.rawValue ?? EINVAL)
        }
    }

    /// `/run/netns`, shared, with a new empty file `NAME` in it (which must not exist): the mount
    /// point of a name. Returns its path.
    private static func makeNameFile(_ name: String) throws(NetlinkError) -> String {
        try makeSharedNamesDirectory()
        let path = namesDirectory + "/" + name
        let fd = path.withRawBytesCString { open($0, O_RDONLY | O_CREAT | O_EXCL, 0) }
        if fd < 0 { throw failure("Cannot create namespace file \"\(path)\"", call: "open", errno: Glibc.errno) }
        Glibc.close(fd)
        return path
    }

    /// Removes the name `name` (`ip netns delete NAME`): detaches the bind mount and removes the
    /// file. The namespace itself goes away when nothing else holds it (a process, a socket, a
    /// descriptor such as a ``NetworkNamespace``).
    /// - Throws: `NetlinkError/Code/namespaceFailed` when the file cannot be removed (`ENOENT`
    ///   when there is no such name).
    public static func delete(named name: String) throws(NetlinkError) {
        let path = namesDirectory + "/" + name
        path.withRawBytesCString { _ = umount2($0, Int32(MNT_DETACH)) }
        if path.withRawBytesCString({ unlink($0) }) != 0 {
            throw failure("Cannot remove namespace file \"\(path)\"", call: "unlink", errno: Glibc.errno)
        }
    }

    /// The names in `/run/netns`, in directory order as `ip netns list` reads them (none when the
    /// directory does not exist). A name whose namespace is gone may still be listed, as by ip.
    public static func names() -> [String] {
        entries(of: namesDirectory) { name, _ in name != "." && name != ".." }
    }

    /// The network namespace of process `processID` (`/proc/PID/ns/net`).
    /// - Throws: `NetlinkError/Code/namespaceFailed` (`ENOENT` when there is no such process).
    public static func ofProcess(_ processID: Int32) throws(NetlinkError) -> NetworkNamespace {
        let path = "/proc/\(processID)/ns/net"
        do {
            return try NetworkNamespace(descriptor: Syscall.open(path, O_RDONLY), origin: path)
        } catch {
            throw failure("Cannot open network namespace of process \(processID)", call: "open", errno: error.errno?.rawValue ?? EINVAL)
        }
    }

    /// The nsfs identity of this namespace (device and inode of its file): two descriptors refer
    /// to the same namespace exactly when their identities are equal.
    public var identity: NamespaceIdentity? {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        return NamespaceIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// Whether `other` is the same namespace (not merely an equal descriptor number).
    public func isSameNamespace(as other: NetworkNamespace) -> Bool {
        guard let mine = identity else { return false }
        return mine == other.identity
    }

    /// The names under `/run/netns` bound to this namespace, in directory order (`ip netns
    /// identify`, which prints the last of them).
    public func boundNames() -> [String] {
        guard let mine = identity else { return [] }
        return Self.entries(of: Self.namesDirectory) { name, path in
            name != "." && name != ".." && Self.identity(ofPath: path) == mine
        }
    }

    /// The processes whose network namespace this is, in `/proc` order (`ip netns pids NAME`).
    public func processIDs() -> [Int32] {
        guard let mine = identity else { return [] }
        return Self.entries(of: "/proc") { name, path in
            !name.isEmpty && name.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && Self.identity(ofPath: path + "/ns/net") == mine
        }.compactMap { Int32($0) }
    }

    // MARK: Helpers

    /// The names of the directory's entries that `include` (given the name and its path) accepts.
    private static func entries(of directory: String, include: (String, String) -> Bool) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(rawBytes: $0.prefix { $0 != 0 }) }
            if include(name, directory + "/" + name) { names.append(name) }
        }
        return names
    }

    /// The identity of the namespace file at `path`, or `nil` when it cannot be read.
    static func identity(ofPath path: String) -> NamespaceIdentity? {
        var status = stat()
        guard path.withRawBytesCString({ stat($0, &status) }) == 0 else { return nil }
        return NamespaceIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// `/run/netns` made and made a shared mount point, as `ip netns add` does.
    private static func makeSharedNamesDirectory() throws(NetlinkError) {
        let directory = namesDirectory
        if mkdir(directory, 0o755) != 0 && Glibc.errno != EEXIST {
            throw failure("mkdir \(directory) failed", call: "mkdir", errno: Glibc.errno)
        }
        var madeMountPoint = false
        while mount("", directory, "none", UInt(MS_SHARED) | UInt(MS_REC), nil) != 0 {
            let code = Glibc.errno
            if code != EINVAL || madeMountPoint {
                throw failure("mount --make-shared \(directory) failed", call: "mount", errno: code)
            }
            if mount(directory, directory, "none", UInt(MS_BIND) | UInt(MS_REC), nil) != 0 {
                throw failure("mount --bind \(directory) \(directory) failed", call: "mount", errno: Glibc.errno)
            }
            madeMountPoint = true
        }
    }

    private static func failure(_ detail: String, call: String?, errno code: Int32) -> NetlinkError {
        NetlinkError(.namespaceFailed, errno: Errno(rawValue: code), systemCall: call, detail: detail)
    }
}

/// A network namespace's identity: the device and inode of its nsfs file.
public struct NamespaceIdentity: Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64

    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }
}
