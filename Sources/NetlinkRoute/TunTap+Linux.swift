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
/// (``NetworkNamespace/perform(_:)``): a device appears in the namespace of the thread that
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

    /// Opens `/dev/net/tun`, runs `TUNSETIFF` with `name` and `flags`, then `body`, and closes.
    private static func withDevice(
        named name: String?, flags: TunTapFlags, _ body: (Int32) throws(NetlinkError) -> Void
    ) throws(NetlinkError) -> String {
        let requested = name ?? ""
        try validate(name)
        let fd = try check("open(\(path))") { Glibc.open(path, O_RDWR | O_CLOEXEC) }
        defer { _ = Glibc.close(fd) }
        var assigned = [CChar](repeating: 0, count: 16)
        try check("ioctl(TUNSETIFF)") { netlink_shim_tun_set_iff(fd, requested, flags.rawValue, &assigned) }
        try body(fd)
        return String(decoding: assigned.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Refuses a name the ioctl would cut or misread: empty, 16 bytes or more, or holding a NUL.
    static func validate(_ name: String?) throws(NetlinkError) {
        guard let name else { return }
        let problem: String? =
            if name.isEmpty { "an empty interface name" }
            else if name.utf8.count > 15 { "interface name \"\(name)\" is longer than 15 bytes" }
            else if name.utf8.contains(0) { "interface name contains a NUL byte" }
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
