import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// Creates a persistent tun or tap device in the connection's namespace and returns its name
    /// (the kernel's choice, `tun0`, `tap1` ..., when ``TunTapOptions/name`` is `nil`).
    ///
    /// The kernel refuses tun/tap creation over rtnetlink, so this opens `/dev/net/tun` and runs
    /// `TUNSETIFF` (with `IFF_TUN_EXCL`: an existing name fails), `TUNSETOWNER`, `TUNSETGROUP` and
    /// `TUNSETPERSIST(1)`, then closes it — on a dedicated thread that has entered the connection's
    /// namespace (the caller's namespace for a connection opened without one), so the device
    /// appears where the connection looks. The calling thread waits for that thread (one open and
    /// up to four ioctls). The device is then an ordinary link: `tunTapDevices()` and
    /// `links()` list it, ``deleteLink(named:)`` removes it.
    ///
    /// - Throws: `NetlinkError` with `NetlinkError/Code/systemCallFailed`, the errno, and the
    ///   failed call in `NetlinkError/systemCall` (its description reads like iproute2's
    ///   `ioctl(TUNSETIFF): Device or resource busy`): `EBUSY` when the name exists, `EPERM` without
    ///   `CAP_NET_ADMIN`, `EINVAL` for a name the kernel refuses or one longer than 15 bytes,
    ///   `ENOENT` from `open(/dev/net/tun)` without the device node. On failure no device is left.
    @discardableResult
    public func createTunTap(_ options: TunTapOptions) throws(NetlinkError) -> String {
        try TunTapControl.validate(options.name)
        return try tunTapNamespace().perform { () throws(NetlinkError) -> String in
            try TunTapControl.create(options)
        }
    }

    /// Creates a tun/tap device like the synchronous overload; the task is suspended, its thread
    /// free, while a dedicated thread in the namespace opens `/dev/net/tun`.
    @discardableResult
    public func createTunTap(_ options: TunTapOptions) async throws(NetlinkError) -> String {
        try TunTapControl.validate(options.name)
        return try await tunTapNamespace().perform { () throws(NetlinkError) -> String in
            try TunTapControl.create(options)
        }
    }

    /// Clears the persistence of tun/tap device `options.name`, as `ip tuntap del` does: attaches
    /// with `TUNSETIFF` (mode and flags as given), `TUNSETPERSIST(0)`, closes. The device goes away
    /// unless a process holds it open.
    ///
    /// Like `ip tuntap del`, a name that does not exist succeeds (the kernel creates a transient
    /// device and removes it at close); a device of the other mode or `multi_queue` setting fails
    /// with `EINVAL`, a link that is not tun/tap with `EBUSY` or `EINVAL`. To delete by name
    /// whatever holds it, use ``deleteLink(named:)`` (`RTM_DELLINK` works for tun/tap).
    public func releaseTunTap(_ options: TunTapOptions) throws(NetlinkError) {
        guard options.name != nil else {
            throw NetlinkError(.systemCallFailed, errno: .invalidArgument, systemCall: "ioctl(TUNSETIFF)", detail: "a name is needed to release a device")
        }
        try TunTapControl.validate(options.name)
        try tunTapNamespace().perform { () throws(NetlinkError) in
            try TunTapControl.release(options)
        }
    }

    /// Releases a tun/tap device like the synchronous overload; the task is suspended, its thread
    /// free, while a dedicated thread in the namespace does it.
    public func releaseTunTap(_ options: TunTapOptions) async throws(NetlinkError) {
        guard options.name != nil else {
            throw NetlinkError(.systemCallFailed, errno: .invalidArgument, systemCall: "ioctl(TUNSETIFF)", detail: "a name is needed to release a device")
        }
        try TunTapControl.validate(options.name)
        try await tunTapNamespace().perform { () throws(NetlinkError) in
            try TunTapControl.release(options)
        }
    }

    /// The tun/tap devices of the namespace: a link dump filtered by kind "tun" in the kernel
    /// (and checked again here), each decoded with ``TunTapDevice/init(link:)``.
    public func tunTapDevices(retries: Int = 5) async throws(NetlinkError) -> [TunTapDevice] {
        var devices: [TunTapDevice] = []
        for link in try await links(filter: LinkFilter(kind: "tun"), retries: retries) {
            do throws(NetlinkDecodingError) {
                if let device = try TunTapDevice(link: link) { devices.append(device) }
            } catch {
                throw NetlinkError(.malformedReply, decodingError: error, detail: "tun data of \(link.name)")
            }
        }
        return devices
    }

    /// The complete `tun_flags` of tun/tap devices, as `/sys/class/net/NAME/tun_flags` shows them
    /// in the connection's namespace: with `IFF_ONE_QUEUE` and the NAPI flags, which the netlink
    /// view (``TunTapDevice``) lacks. Devices sysfs does not show are left out.
    ///
    /// Sysfs shows the network namespace of whoever mounted it, so this runs on a dedicated thread
    /// that enters the connection's namespace, unshares its mount namespace (every mount made a
    /// slave: nothing propagates back) and mounts its own sysfs, as `ip netns exec` does; the
    /// thread and its mount namespace end afterwards. The caller waits for it.
    ///
    /// - Throws: `NetlinkError` naming `mount(sysfs)`: `EPERM` without `CAP_SYS_ADMIN`.
    public func tunTapSysfsFlags(names: [String]) throws(NetlinkError) -> [String: TunTapFlags] {
        try tunTapNamespace().perform { () throws(NetlinkError) -> [String: TunTapFlags] in
            try TunTapControl.sysfsFlags(names: names)
        }
    }

    /// The flags like the synchronous overload; the task is suspended, its thread free, while the
    /// dedicated thread works.
    public func tunTapSysfsFlags(names: [String]) async throws(NetlinkError) -> [String: TunTapFlags] {
        try await tunTapNamespace().perform { () throws(NetlinkError) -> [String: TunTapFlags] in
            try TunTapControl.sysfsFlags(names: names)
        }
    }

    private func tunTapNamespace() throws(NetlinkError) -> NetworkNamespace {
        if let namespace { return namespace }
        return try NetworkNamespace.current()
    }
}
