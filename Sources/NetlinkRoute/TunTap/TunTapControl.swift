internal import CNetlinkShim
import Glibc
import Netlink
import NetlinkCore
import SystemPackage

/// The `/dev/net/tun` side of tun/tap: open, `TUNSETIFF`, `TUNSETOWNER`, `TUNSETGROUP`,
/// `TUNSETPERSIST`, close. The kernel refuses to create tun/tap devices over rtnetlink
/// (`RTM_NEWLINK` with kind "tun" is `EOPNOTSUPP`), so this is the only way in.
///
/// Every call here runs on a thread that has entered the target namespace
/// (`NetworkNamespace.perform(_:)`): a device appears in the namespace of the thread that
/// creates it.
enum TunTapControl {
    /// The character device.
    static let path = "/dev/net/tun"

    /// Creates a persistent device and returns the kernel's name for it.
    ///
    /// On any failure the descriptor is closed before the device was made persistent, so the
    /// kernel removes what `TUNSETIFF` created: nothing is left half-made.
    static func create(_ options: TunTapOptions) throws(NetlinkError) -> String {
        try withDevice(named: options.name, flags: options.flags.union(.exclusive)) { (fd) throws(NetlinkError) in
            if let owner = options.owner {
                try check("ioctl(TUNSETOWNER)") { netlink_shim_tun_set_owner(fd, UInt(owner)) }
            }
            if let group = options.group {
                try check("ioctl(TUNSETGROUP)") { netlink_shim_tun_set_group(fd, UInt(group)) }
            }
            try check("ioctl(TUNSETPERSIST)") { netlink_shim_tun_set_persist(fd, 1) }
        }
    }

    /// Attaches to the existing device `options.name` (creating a transient one if there is none)
    /// and clears its persistence: the device goes away when the descriptor closes, unless another
    /// process holds it open. This is what `ip tuntap del` does.
    static func release(_ options: TunTapOptions) throws(NetlinkError) {
        _ = try withDevice(named: options.name, flags: options.flags) { (fd) throws(NetlinkError) in
            try check("ioctl(TUNSETPERSIST)") { netlink_shim_tun_set_persist(fd, 0) }
        }
    }

    /// The `tun_flags` of each device in `names` that sysfs shows, read through a sysfs mounted
    /// in a private mount namespace of the calling thread (which must be a dedicated thread in the
    /// target network namespace, and must end afterwards).
    static func sysfsFlags(names: [String]) throws(NetlinkError) -> [String: TunTapFlags] {
        try check("mount(sysfs)") { netlink_shim_private_sysfs() }
        var flags: [String: TunTapFlags] = [:]
        for name in names where !name.contains("/") && name != "." && name != ".." {
            guard let text = readSmallFile("/sys/class/net/\(name)/tun_flags") else { continue }
            let digits = text.hasPrefix("0x") ? Substring(text.dropFirst(2)) : Substring(text)
            guard let value = UInt32(digits.prefix { $0.isHexDigit }, radix: 16) else { continue }
            flags[name] = TunTapFlags(rawValue: UInt16(truncatingIfNeeded: value))
        }
        return flags
    }

    /// The first bytes (at most 64) of a small file, as text; `nil` when it cannot be read.
    private static func readSmallFile(_ path: String) -> String? {
        let fd = path.withRawBytesCString { Glibc.open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return nil }
        defer { _ = Glibc.close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        var count = -1
        repeat { count = Glibc.read(fd, &buffer, buffer.count) } while count < 0 && Glibc.errno == EINTR
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Opens `/dev/net/tun`, runs `TUNSETIFF` with `name` and `flags`, then `body`, and closes.
    private static func withDevice(
        named name: String?, flags: TunTapFlags, _ body: (Int32) throws(NetlinkError) -> Void
    ) throws(NetlinkError) -> String {
        let requested = name ?? ""
        try validate(name)
        let fd = try check("open(\(path))") { Glibc.open(path, O_RDWR | O_CLOEXEC) }
        defer { _ = Glibc.close(fd) }
        var assigned = [CChar](repeating: 0, count: 16)
        try check("ioctl(TUNSETIFF)") { requested.withRawBytesCString { netlink_shim_tun_set_iff(fd, $0, flags.rawValue, &assigned) } }
        try body(fd)
        return String(rawBytes: assigned.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) })
    }

    /// Refuses a name the ioctl would cut or misread: empty, 16 bytes or more, or holding a NUL.
    static func validate(_ name: String?) throws(NetlinkError) {
        guard let name else { return }
        let problem: String? =
            if name.isEmpty { "an empty interface name" }
            else if name.rawBytes.count > 15 { "interface name \"\(name)\" is longer than 15 bytes" }
            else if name.rawBytes.contains(0) { "interface name contains a NUL byte" }
            else { nil }
        if let problem {
            throw NetlinkError(.systemCallFailed, errno: .invalidArgument, systemCall: "ioctl(TUNSETIFF)", detail: problem)
        }
    }

    /// Runs `call` until it stops failing with `EINTR`; -1 becomes a ``NetlinkError`` naming `what`.
    @discardableResult
    private static func check(_ what: String, _ call: () -> Int32) throws(NetlinkError) -> Int32 {
        while true {
            let result = call()
            if result != -1 { return result }
            let code = Glibc.errno
            if code == EINTR { continue }
            throw NetlinkError.systemCall(what, Errno(rawValue: code))
        }
    }
}
