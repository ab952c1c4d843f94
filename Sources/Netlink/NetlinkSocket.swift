import Glibc
import NetlinkCore
import Synchronization
import SystemPackage

/// A netlink socket: `socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, family)`.
///
/// The descriptor is non-blocking and close-on-exec. A receive waits in `poll(2)` on the socket and
/// on an eventfd, so ``wakeUp()`` can interrupt it (a blocked `recv` on a netlink socket cannot be
/// woken otherwise: `shutdown()` answers `EOPNOTSUPP`).
///
/// Receiving never truncates: each datagram is sized with `MSG_PEEK | MSG_TRUNC` and the buffer
/// grown before it is read. By default only the kernel is trusted: a datagram whose sender address
/// has a port ID other than 0 is dropped before decoding and counted in ``droppedUntrustedCount``;
/// peers in user space (on `NETLINK_USERSOCK`) are accepted only when listed in ``trustedPeers``.
///
/// The socket stays in the network namespace it was created in; `init(family:type:namespace:portID:groups:)`
/// creates it inside another one on a dedicated thread.
public final class NetlinkSocket: NetlinkTransport, @unchecked Sendable {
    /// The protocol of this socket.
    public let family: NetlinkFamily
    /// The socket's descriptor. Owned by the socket: do not close it.
    public let descriptor: Int32
    private let wakeDescriptor: Int32
    private let state: Mutex<State>

    private struct State {
        var localAddress: NetlinkAddress
        var closed = false
        var trustedPeers: Set<UInt32> = []
        var trustsRootSenders = false
        var droppedUntrusted = 0
        var overruns = 0
        var packetInfo = false
        var listenAllNamespaceIDs = false
        var passCredentials = false
        var carriesRequests = false
        var spuriousInvalidArgument = false
        /// The last receive returned a datagram: the next reads before it polls (a burst of
        /// replies, one datagram each, then costs no `poll` per datagram).
        var justReceived = false
    }

    /// The smallest receive buffer ever used: 32 KiB, what the kernel fills per `recv` in a dump.
    public static let minimumReceiveBufferSize = 32_768

    /// Opens a socket of `family`, binds it and reads back its address.
    ///
    /// - Parameters:
    ///   - family: The netlink protocol. A family this kernel lacks fails with `EPROTONOSUPPORT`.
    ///   - type: `SOCK_RAW` (default) or `SOCK_DGRAM`.
    ///   - namespace: The network namespace to create the socket in; `nil` for the caller's.
    ///   - portID: 0 (default) to let the kernel assign the port ID, or an explicit one.
    ///   - groups: A bitmask of groups 1–32 to join at bind time (join others with ``joinGroup(_:)``).
    ///   - peer: When given, the socket is connected to it (see ``connect(to:)``) as it is made: with
    ///     the kernel-assigned port and no groups, `connect(2)` binds it in the same call, so no
    ///     other sender's unicast can arrive before the connection (a socket bound first is
    ///     reachable until it is connected).
    /// - Throws: `NetlinkError` naming the system call that failed.
    public convenience init(
        family: NetlinkFamily, type: NetlinkSocketType = .raw, namespace: NetworkNamespace? = nil,
        portID: UInt32 = 0, groups: UInt32 = 0, peer: NetlinkAddress? = nil
    ) throws(NetlinkError) {
        let fd: Int32
        if let namespace {
            fd = try namespace.performHere { () throws(NetlinkError) -> Int32 in try Self.makeDescriptor(family: family, type: type) }
        } else {
            fd = try Self.makeDescriptor(family: family, type: type)
        }
        try self.init(adopting: fd, family: family, portID: portID, groups: groups, peer: peer)
    }

    /// Opens a socket like ``init(family:type:namespace:portID:groups:peer:)``; in another
    /// namespace, the task is suspended (its thread free) while a dedicated thread enters it.
    public static func open(
        family: NetlinkFamily, type: NetlinkSocketType = .raw, namespace: NetworkNamespace? = nil,
        portID: UInt32 = 0, groups: UInt32 = 0, peer: NetlinkAddress? = nil
    ) async throws(NetlinkError) -> NetlinkSocket {
        let fd: Int32
        if let namespace {
            fd = try await namespace.performHere { () throws(NetlinkError) -> Int32 in try makeDescriptor(family: family, type: type) }
        } else {
            fd = try makeDescriptor(family: family, type: type)
        }
        return try NetlinkSocket(adopting: fd, family: family, portID: portID, groups: groups, peer: peer)
    }

    /// `socket(AF_NETLINK, type | SOCK_CLOEXEC | SOCK_NONBLOCK, family)`, its error naming the family.
    private static func makeDescriptor(family: NetlinkFamily, type: NetlinkSocketType) throws(NetlinkError) -> Int32 {
        do throws(NetlinkError) {
            return try Syscall.socket(AF_NETLINK, type.rawValue | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), family.rawValue)
        } catch {
            var error = error
            error.detail = "family \(family)"
            throw error
        }
    }

    /// Takes a new netlink socket `fd` (closed on failure): binds or connects it, reads back its address.
    private init(adopting fd: Int32, family: NetlinkFamily, portID: UInt32, groups: UInt32, peer: NetlinkAddress?) throws(NetlinkError) {
        do throws(NetlinkError) {
            var address = NetlinkSocketAddress()
            address.portID = portID
            address.groups = groups
            let destination = peer.map { NetlinkSocketAddress(NetlinkAddress(portID: $0.portID, groups: 0)) }
            if portID != 0 || groups != 0 || destination == nil {
                if case .failure(var error) = Result(catching: { () throws(NetlinkError) in try Syscall.bind(fd, address) }) {
                    if error.errno == .notPermitted && groups != 0 { error.detail = Self.membershipRefusal(family: family, groups: groups) }
                    throw error
                }
            }
            if let destination { try Syscall.connect(fd, destination) }   // binds an unbound socket too
            let bound = try Syscall.getsockname(fd)
            let wake = try Syscall.eventfd()
            self.family = family
            self.descriptor = fd
            self.wakeDescriptor = wake
            self.state = Mutex(State(localAddress: bound.address))
        } catch {
            Syscall.close(fd)
            throw error
        }
    }

    deinit {
        Syscall.close(descriptor)
        Syscall.close(wakeDescriptor)
    }

    /// The local address: the port ID the kernel assigned (or the one asked for) and the bound groups.
    public var localAddress: NetlinkAddress { state.withLock { $0.localAddress } }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Port IDs of user-space peers whose datagrams are accepted (for `NETLINK_USERSOCK` protocols).
    /// Empty by default: only the kernel (port 0) is trusted.
    public var trustedPeers: Set<UInt32> {
        get { state.withLock { $0.trustedPeers } }
        set { state.withLock { $0.trustedPeers = newValue } }
    }

    /// Whether a datagram from any user-space port is accepted when its credentials
    /// (`SCM_CREDENTIALS`, with ``setPassCredentials(_:)`` on) say user 0 — as libudev trusts
    /// udevd's re-broadcast of device events. Off by default: only the kernel is trusted. The
    /// caller decides what such a sender may say (on which group).
    public var trustsRootSenders: Bool {
        get { state.withLock { $0.trustsRootSenders } }
        set { state.withLock { $0.trustsRootSenders = newValue } }
    }

    /// How many datagrams from untrusted senders were dropped.
    public var droppedUntrustedCount: Int { state.withLock { $0.droppedUntrusted } }

    /// How many receive-buffer overruns (`ENOBUFS`) were reported.
    public var overrunCount: Int { state.withLock { $0.overruns } }

    // MARK: Addressing

    /// Connects the socket to `peer`: sends default to it, and unicast from any other port is refused
    /// by the kernel (`ECONNREFUSED` for the sender). Multicast still arrives.
    public func connect(to peer: NetlinkAddress) throws(NetlinkError) {
        try Syscall.connect(descriptor, NetlinkSocketAddress(peer))
    }

    // MARK: Options

    /// Whether a request engine sends requests on this socket. Such a socket refuses
    /// `NETLINK_NO_ENOBUFS`: an overrun drops acknowledgements too, and must never be silent.
    public var carriesRequests: Bool {
        get { state.withLock { $0.carriesRequests } }
        set { state.withLock { $0.carriesRequests = newValue } }
    }

    /// Turns a boolean netlink option on or off.
    ///
    /// - Throws: `EINVAL` for `NETLINK_NO_ENOBUFS` on a socket that ``carriesRequests``.
    public func setOption(_ option: NetlinkSocketOption, _ enabled: Bool) throws(NetlinkError) {
        if option == .noENOBUFS && enabled && carriesRequests {
            throw NetlinkError(
                .systemCallFailed, errno: .invalidArgument, systemCall: "setsockopt(NETLINK_NO_ENOBUFS)",
                detail: "refused on a socket that carries requests: overruns drop replies and must be reported")
        }
        try Syscall.setsockopt(descriptor, NetlinkSocketOption.level, option.rawValue, Int32(enabled ? 1 : 0))
        state.withLock { s in
            switch option {
            case .packetInfo: s.packetInfo = enabled
            case .listenAllNamespaceIDs: s.listenAllNamespaceIDs = enabled
            default: break
            }
        }
    }

    /// Reads a boolean netlink option.
    public func option(_ option: NetlinkSocketOption) throws(NetlinkError) -> Bool {
        try Syscall.getsockopt(descriptor, NetlinkSocketOption.level, option.rawValue, Int32(0)) != 0
    }

    /// Joins multicast group `group` (1 up to the family's maximum; ROUTE has 39 on Linux 6.18).
    /// - Throws: `EINVAL` beyond the family's maximum.
    public func joinGroup(_ group: UInt32) throws(NetlinkError) {
        do throws(NetlinkError) {
            try Syscall.setsockopt(descriptor, NetlinkSocketOption.level, NetlinkSocketOption.addMembership.rawValue, group, "setsockopt(NETLINK_ADD_MEMBERSHIP)")
        } catch where error.errno == .notPermitted {
            var error = error
            error.detail = Self.membershipRefusal(family: family, groups: group < 32 ? 1 << (group - 1) : 0, group: group)
            throw error
        }
    }

    /// The words of an `EPERM` from `bind` or `NETLINK_ADD_MEMBERSHIP`: netlink(7)'s rule — only
    /// the families that let other users listen (`NL_CFG_F_NONROOT_RECV`; measured on Linux 6.18:
    /// ROUTE, SOCK_DIAG, SELINUX, KOBJECT_UEVENT, GENERIC — not USERSOCK, whose users may only
    /// send) accept a process without CAP_NET_ADMIN, and some of their groups still ask for it.
    static func membershipRefusal(family: NetlinkFamily, groups: UInt32, group: UInt32? = nil) -> String {
        let named = group.map { "group \($0)" }
            ?? "group" + (groups.nonzeroBitCount == 1 ? " " : "s ") + (0..<32).filter { groups & (1 << $0) != 0 }.map { String($0 + 1) }.joined(separator: ",")
        let open: Set<NetlinkFamily> = [.route, .sockDiag, .selinux, .kobjectUevent, .generic]
        if open.contains(family) {
            return "joining \(named) of \(family) needs CAP_NET_ADMIN (the family lets other users listen, but not to this group)"
        }
        if family == .audit {
            return "joining \(named) of \(family) needs CAP_NET_ADMIN and CAP_AUDIT_READ"
        }
        return "joining \(named) of \(family) needs CAP_NET_ADMIN (only ROUTE, SOCK_DIAG, SELINUX, KOBJECT_UEVENT and GENERIC let other users listen)"
    }

    /// Leaves multicast group `group`.
    public func leaveGroup(_ group: UInt32) throws(NetlinkError) {
        try Syscall.setsockopt(descriptor, NetlinkSocketOption.level, NetlinkSocketOption.dropMembership.rawValue, group, "setsockopt(NETLINK_DROP_MEMBERSHIP)")
    }

    /// The groups this socket has joined, ascending (`NETLINK_LIST_MEMBERSHIPS`).
    public func memberships() throws(NetlinkError) -> [UInt32] {
        var buffer = [UInt8](repeating: 0, count: 16)
        var length = try Syscall.getsockopt(descriptor, NetlinkSocketOption.level, NetlinkSocketOption.listMemberships.rawValue, into: &buffer)
        if length > buffer.count {
            buffer = [UInt8](repeating: 0, count: length)
            length = try Syscall.getsockopt(descriptor, NetlinkSocketOption.level, NetlinkSocketOption.listMemberships.rawValue, into: &buffer)
        }
        var groups: [UInt32] = []
        for byteIndex in 0..<min(length, buffer.count) {
            let byte = buffer[byteIndex]
            guard byte != 0 else { continue }
            for bit in 0..<8 where byte & (1 << bit) != 0 {
                // The kernel fills an array of u32 words in host order; bit n of the array is group n + 1.
                let word = byteIndex / 4
                let bitInWord = (byteIndex % 4) * 8 + bit
                groups.append(UInt32(word * 32 + bitInWord + 1))
            }
        }
        return groups.sorted()
    }

    /// The effective size of the receive buffer (`SO_RCVBUF`, as the kernel reports it: doubled).
    public func receiveBufferSize() throws(NetlinkError) -> Int {
        Int(try Syscall.getsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, Int32(0)))
    }

    /// The result of asking for a receive buffer size.
    public struct ReceiveBufferSetting: Hashable, Sendable {
        /// The size asked for.
        public var requested: Int
        /// The effective size the kernel reports (it doubles the request, and caps `SO_RCVBUF` at `rmem_max`).
        public var effective: Int
        /// Whether `SO_RCVBUFFORCE` worked (it needs `CAP_NET_ADMIN` in the host's user namespace).
        public var forced: Bool
    }

    /// Sets the receive buffer: `SO_RCVBUFFORCE` when `force` is true, falling back to `SO_RCVBUF`
    /// (capped by the kernel at `net.core.rmem_max`) when forcing is not permitted.
    public func setReceiveBufferSize(_ bytes: Int, force: Bool = true) throws(NetlinkError) -> ReceiveBufferSetting {
        let value = Int32(clamping: bytes)
        var forced = false
        if force {
            do {
                try Syscall.setsockopt(descriptor, SOL_SOCKET, SO_RCVBUFFORCE, value, "setsockopt(SO_RCVBUFFORCE)")
                forced = true
            } catch where error.errno == .notPermitted {
                forced = false
            }
        }
        if !forced {
            try Syscall.setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, value, "setsockopt(SO_RCVBUF)")
        }
        return ReceiveBufferSetting(requested: bytes, effective: try receiveBufferSize(), forced: forced)
    }

    /// Passes the sender's credentials with each datagram (`SO_PASSCRED`).
    public func setPassCredentials(_ enabled: Bool) throws(NetlinkError) {
        try Syscall.setsockopt(descriptor, SOL_SOCKET, SO_PASSCRED, Int32(enabled ? 1 : 0), "setsockopt(SO_PASSCRED)")
        state.withLock { $0.passCredentials = enabled }
    }

    /// The socket's memory counters (`SO_MEMINFO`), of which ``SocketMemoryInfo/drops`` counts the
    /// messages the kernel dropped for this socket.
    public func memoryInfo() throws(NetlinkError) -> SocketMemoryInfo {
        var buffer = [UInt8](repeating: 0, count: 4 * 16)
        let length = try Syscall.getsockopt(descriptor, SOL_SOCKET, SO_MEMINFO, into: &buffer)
        var values = [UInt32](repeating: 0, count: 9)
        for i in 0..<min(9, min(length, buffer.count) / 4) {
            values[i] = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self) }
        }
        return SocketMemoryInfo(values)
    }

    // MARK: Sending and receiving

    /// A `struct msghdr` of one data buffer, the netlink address and a control buffer, for
    /// `sendmsg` and `recvmsg`.
    private static func withMessageHeader<R>(
        data: UnsafeMutableRawBufferPointer, address: inout NetlinkSocketAddress, control: UnsafeMutableRawBufferPointer,
        _ body: (inout msghdr) -> R
    ) -> R {
        withUnsafeMutablePointer(to: &address) { addressPointer in
            var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
            return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                var header = msghdr()
                header.msg_name = UnsafeMutableRawPointer(addressPointer)
                header.msg_namelen = socklen_t(MemoryLayout<NetlinkSocketAddress>.size)
                header.msg_iov = vectorPointer
                header.msg_iovlen = 1
                header.msg_control = control.baseAddress
                header.msg_controllen = control.count
                return body(&header)
            }
        }
    }

    /// Sends one datagram to `destination` with credentials of the caller's choosing
    /// (`SCM_CREDENTIALS`): the receiver's `SO_PASSCRED` shows them instead of the kernel's. The
    /// kernel checks them — another process's ID needs CAP_SYS_ADMIN (`EPERM`; a process that does
    /// not exist, `ESRCH`), another user or group ID CAP_SETUID or CAP_SETGID.
    public func send(_ datagram: [UInt8], to destination: NetlinkAddress = .kernel, credentials: NetlinkCredentials) throws(NetlinkError) {
        guard !isClosed else { throw NetlinkError(.closed, errno: .badFileDescriptor) }
        // struct cmsghdr (size_t len, int level, int type) and struct ucred (pid, uid, gid):
        // CMSG_LEN(12) = 28, CMSG_SPACE(12) = 32.
        var control = [UInt8](repeating: 0, count: 32)
        control.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: 28, toByteOffset: 0, as: Int.self)
            raw.storeBytes(of: SOL_SOCKET, toByteOffset: 8, as: Int32.self)
            raw.storeBytes(of: 2 /* SCM_CREDENTIALS */, toByteOffset: 12, as: Int32.self)
            raw.storeBytes(of: credentials.pid, toByteOffset: 16, as: Int32.self)
            raw.storeBytes(of: credentials.uid, toByteOffset: 20, as: UInt32.self)
            raw.storeBytes(of: credentials.gid, toByteOffset: 24, as: UInt32.self)
        }
        var address = NetlinkSocketAddress(destination)
        var payload = datagram
        let sent = payload.withUnsafeMutableBytes { bytes in
            control.withUnsafeMutableBytes { controlBytes in
                Self.withMessageHeader(data: bytes, address: &address, control: controlBytes) { header in
                    let n = Glibc.sendmsg(descriptor, &header, 0)
                    return n < 0 ? -Int(Glibc.errno) : n
                }
            }
        }
        if sent < 0 { throw NetlinkError.systemCall("sendmsg", Errno(rawValue: Int32(-sent))) }
        if sent != datagram.count {
            throw NetlinkError(.systemCallFailed, errno: .messageTooLong, systemCall: "sendmsg", detail: "sent \(sent) of \(datagram.count) bytes")
        }
    }

    /// Sends one datagram to `destination` (the kernel by default).
    public func send(_ datagram: [UInt8], to destination: NetlinkAddress = .kernel) throws(NetlinkError) {
        guard !isClosed else { throw NetlinkError(.closed, errno: .badFileDescriptor) }
        let outcome = datagram.withUnsafeBytes { bytes in
            Result { () throws(NetlinkError) -> Int in try Syscall.sendto(descriptor, bytes, NetlinkSocketAddress(destination)) }
        }
        let sent = try outcome.get()
        if sent != datagram.count {
            throw NetlinkError(.systemCallFailed, errno: .messageTooLong, systemCall: "sendto", detail: "sent \(sent) of \(datagram.count) bytes")
        }
    }

    /// Sends one datagram to the multicast groups in `groups` (a bitmask of groups 1–32), where the
    /// family lets user space do so (`NETLINK_USERSOCK`; elsewhere unprivileged senders get `EPERM`).
    ///
    /// The kernel broadcasts, then also unicasts the datagram to port 0; on a family without a
    /// kernel endpoint that second step answers `ECONNREFUSED` after the broadcast went out, so that
    /// error is not reported here.
    public func sendMulticast(_ datagram: [UInt8], groups: UInt32) throws(NetlinkError) {
        do {
            try send(datagram, to: NetlinkAddress(portID: 0, groups: groups))
        } catch where error.errno == .connectionRefused {
            return
        }
    }

    /// Waits for the next datagram from a trusted sender and writes it at the start of `buffer`,
    /// growing the buffer to the datagram's size first (never below 32 KiB).
    ///
    /// - Returns: `NetlinkReceiveResult/datagram(_:)` with the sender address, the group
    ///   (`NETLINK_PKTINFO`), the credentials (`SO_PASSCRED`) and the namespace ID
    ///   (`NETLINK_LISTEN_ALL_NSID`); `NetlinkReceiveResult/overrun` on `ENOBUFS` (the socket goes
    ///   on); `NetlinkReceiveResult/wokenUp` after ``wakeUp()``; `NetlinkReceiveResult/timedOut`.
    /// - Throws: `NetlinkError/Code/truncated` if a datagram was cut anyway, `NetlinkError/Code/closed`
    ///   after ``close()``, or a failed system call.
    public func receive(into buffer: inout [UInt8], timeout: Duration?) throws(NetlinkError) -> NetlinkReceiveResult {
        let clock = ContinuousClock()
        Self.ensureMinimumSize(&buffer)
        if state.withLock({ s in defer { s.justReceived = false }; return s.justReceived && !s.closed }) {
            // More of a burst may be queued: read it without polling first. A wake-up meanwhile
            // stays counted in the eventfd and is returned once the queue is empty.
            if let result = try receiveOne(into: &buffer) {
                if case .datagram = result { state.withLock { $0.justReceived = true } }
                return result
            }
        }
        // The deadline is read from the clock only when the socket must be waited for (a reply
        // already queued, the usual case of a request, costs no clock call).
        let deadline = timeout.map { clock.now.advanced(by: $0) }
        while true {
            guard !isClosed else { throw NetlinkError(.closed, errno: .badFileDescriptor) }
            var waitMilliseconds: Int32 = -1
            if let deadline {
                let left = deadline - clock.now
                if left <= .zero {
                    waitMilliseconds = 0
                } else {
                    let ms = (left / .milliseconds(1)).rounded(.up)
                    waitMilliseconds = Int32(min(ms, Double(Int32.max)))
                }
            }
            var fds = [
                pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
            ]
            let ready = try Syscall.poll(&fds, timeoutMilliseconds: waitMilliseconds)
            if ready == 0 {
                if waitMilliseconds == 0 || deadline.map({ clock.now >= $0 }) == true { return .timedOut }
                continue
            }
            if fds[0].revents != 0 {
                var counter: UInt64 = 0
                _ = Glibc.read(wakeDescriptor, &counter, 8)
                return .wokenUp
            }
            if fds[1].revents & Int16(POLLNVAL) != 0 { throw NetlinkError(.closed, errno: .badFileDescriptor) }
            if let result = try receiveOne(into: &buffer) {
                if case .datagram = result { state.withLock { $0.justReceived = true } }
                return result
            }
        }
    }

    /// The next queued datagram from a trusted sender, without waiting: `nil` when none is queued
    /// (a wake-up stays counted for the next ``receive(into:timeout:)``).
    public func receiveIfQueued(into buffer: inout [UInt8]) throws(NetlinkError) -> NetlinkReceiveResult? {
        guard !isClosed else { throw NetlinkError(.closed, errno: .badFileDescriptor) }
        Self.ensureMinimumSize(&buffer)
        // Untrusted datagrams are dropped here as by receive(into:timeout:): read on past them
        // (at most 64, then `nil` as if none were queued: a flood does not hold the caller).
        for _ in 0..<64 {
            let result = try receiveOne(into: &buffer)
            if result != nil { return result }
            if !hasQueuedDatagram() { return nil }
        }
        return nil
    }

    /// A receive buffer of at least ``minimumReceiveBufferSize`` bytes (a datagram larger still
    /// grows it in `receiveOne`).
    private static func ensureMinimumSize(_ buffer: inout [UInt8]) {
        if buffer.count < minimumReceiveBufferSize {
            buffer = [UInt8](repeating: 0, count: minimumReceiveBufferSize)
        }
    }

    /// Whether a datagram is queued (a zero-length peek that does not wait).
    private func hasQueuedDatagram() -> Bool {
        Glibc.recv(descriptor, nil, 0, Int32(MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT)) >= 0
    }

    /// Reads one pending datagram; `nil` when there was nothing after all or it was dropped as untrusted.
    private func receiveOne(into buffer: inout [UInt8]) throws(NetlinkError) -> NetlinkReceiveResult? {
        // Size the datagram first: with MSG_TRUNC, recv returns the real length even for a 0-byte buffer.
        let size = Glibc.recv(descriptor, nil, 0, Int32(MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT))
        if size < 0 {
            let code = Glibc.errno
            switch code {
            case EAGAIN, EINTR: return nil
            case EINVAL where !state.withLock({ $0.spuriousInvalidArgument }):
                // The kernel reports a failed dump continuation (netlink_dump finding no dump
                // running, after another thread's sendmsg finished it) through sk_err as EINVAL,
                // once. Nothing was lost; read on. A second EINVAL in a row is real.
                state.withLock { $0.spuriousInvalidArgument = true }
                return nil
            case ENOBUFS:
                state.withLock { $0.overruns += 1 }
                return .overrun
            default: throw NetlinkError.systemCall("recv", Errno(rawValue: code))
            }
        }
        state.withLock { $0.spuriousInvalidArgument = false }
        if size > buffer.count {
            let rounded = (size + 4095) & ~4095
            buffer = [UInt8](repeating: 0, count: max(rounded, Self.minimumReceiveBufferSize))
        }
        var address = NetlinkSocketAddress()
        var control = ControlBuffer()
        var errorCode: Int32 = 0
        let (length, flags) = buffer.withUnsafeMutableBytes { data -> (Int, Int32) in
            control.withUnsafeMutableBytes { controlBytes -> (Int, Int32) in
                Self.withMessageHeader(data: data, address: &address, control: controlBytes) { header -> (Int, Int32) in
                    while true {
                        let n = Glibc.recvmsg(descriptor, &header, Int32(MSG_DONTWAIT))
                        if n >= 0 { return (n, header.msg_flags) }
                        errorCode = Glibc.errno
                        if errorCode == EINTR { continue }
                        return (-1, 0)
                    }
                }
            }
        }
        if length < 0 {
            switch errorCode {
            case EAGAIN: return nil
            case ENOBUFS:
                state.withLock { $0.overruns += 1 }
                return .overrun
            default: throw NetlinkError.systemCall("recvmsg", Errno(rawValue: errorCode))
            }
        }
        if flags & Int32(MSG_TRUNC) != 0 {
            throw NetlinkError(.truncated, detail: "datagram of more than \(buffer.count) bytes")
        }
        var info = NetlinkDatagramInfo(length: length, sender: address.address)
        control.parse(into: &info)
        let trusted = state.withLock { s -> Bool in
            if info.sender.portID == 0 || s.trustedPeers.contains(info.sender.portID) { return true }
            if s.trustsRootSenders, info.credentials?.uid == 0 { return true }
            s.droppedUntrusted += 1
            return false
        }
        return trusted ? .datagram(info) : nil
    }

    /// Makes a blocked or the next ``receive(into:timeout:)`` return `NetlinkReceiveResult/wokenUp`
    /// (right after a datagram, the next receive may first return the datagrams already queued).
    public func wakeUp() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeDescriptor, &one, 8)
    }

    /// Closes the socket. A receive blocked in another thread returns `NetlinkError/Code/closed`.
    ///
    /// The descriptors are released when the last reference goes (so a reader thread never polls a
    /// reused descriptor number).
    public func close() {
        state.withLock { $0.closed = true }
        wakeUp()
    }
}

/// The memory counters of a socket (`SO_MEMINFO`, `SK_MEMINFO_*`).
public struct SocketMemoryInfo: Hashable, Sendable {
    /// Bytes queued for reading (`SK_MEMINFO_RMEM_ALLOC`).
    public var receiveQueued: UInt32
    /// The receive buffer size (`SK_MEMINFO_RCVBUF`).
    public var receiveBuffer: UInt32
    /// Bytes queued for sending (`SK_MEMINFO_WMEM_ALLOC`).
    public var sendQueued: UInt32
    /// The send buffer size (`SK_MEMINFO_SNDBUF`).
    public var sendBuffer: UInt32
    /// Messages dropped for this socket, overruns included (`SK_MEMINFO_DROPS`).
    public var drops: UInt32

    init(_ values: [UInt32]) {
        receiveQueued = values[0]
        receiveBuffer = values[1]
        sendQueued = values[2]
        sendBuffer = values[3]
        drops = values[8]
    }
}

/// Room for the ancillary data of one datagram: `nl_pktinfo`, `ucred` and an nsid.
struct ControlBuffer {
    /// 128 bytes, 8-byte aligned, inline (no heap allocation per receive).
    private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                          UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) -> R) -> R {
        storage = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        return Swift.withUnsafeMutableBytes(of: &storage) { body($0) }
    }

    /// Walks the `cmsghdr` list (`CMSG_FIRSTHDR` / `CMSG_NXTHDR`, 8-byte aligned on 64-bit Linux).
    func parse(into info: inout NetlinkDatagramInfo) {
        Swift.withUnsafeBytes(of: storage) { raw in
            let headerSize = 16  // sizeof(struct cmsghdr): size_t len, int level, int type
            var offset = 0
            while offset + headerSize <= raw.count {
                let length = Int(raw.loadUnaligned(fromByteOffset: offset, as: UInt.self))
                guard length >= headerSize, offset + length <= raw.count else { return }
                let level = raw.loadUnaligned(fromByteOffset: offset + 8, as: Int32.self)
                let type = raw.loadUnaligned(fromByteOffset: offset + 12, as: Int32.self)
                let data = offset + headerSize
                let dataLength = length - headerSize
                if level == NetlinkSocketOption.level && type == NetlinkSocketOption.packetInfo.rawValue && dataLength >= 4 {
                    info.group = raw.loadUnaligned(fromByteOffset: data, as: UInt32.self)
                } else if level == NetlinkSocketOption.level && type == NetlinkSocketOption.listenAllNamespaceIDs.rawValue && dataLength >= 4 {
                    info.namespaceID = raw.loadUnaligned(fromByteOffset: data, as: Int32.self)
                } else if level == SOL_SOCKET && type == 2 /* SCM_CREDENTIALS */ && dataLength >= 12 {
                    info.credentials = NetlinkCredentials(
                        pid: raw.loadUnaligned(fromByteOffset: data, as: Int32.self),
                        uid: raw.loadUnaligned(fromByteOffset: data + 4, as: UInt32.self),
                        gid: raw.loadUnaligned(fromByteOffset: data + 8, as: UInt32.self))
                }
                offset += (length + 7) & ~7
            }
        }
    }
}
