import KernelFeatures
import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import SystemPackage
import Testing

@Suite("Socket against the kernel", .enabled(if: KernelAccess.available, KernelAccess.reason))
struct KernelSocketTests {
    /// A family this kernel lacks fails with EPROTONOSUPPORT, naming the family.
    @Test func missingFamily() throws {
        let error = #expect(throws: NetlinkError.self) { _ = try NetlinkSocket(family: .crypto) }
        #expect(error?.errno == .protocolNotSupported)
        #expect(error?.detail?.contains("NETLINK_CRYPTO") == true)
    }

    /// The kernel assigns port IDs; many sockets in one process get distinct ones; an explicit port is honoured.
    @Test func portIDs() throws {
        let namespace = try NetworkNamespace.createPrivate()
        let sockets = try (0..<16).map { _ in try NetlinkSocket(family: .route, namespace: namespace) }
        let ports = Set(sockets.map(\.localAddress.portID))
        #expect(ports.count == 16)
        #expect(!ports.contains(0))
        let explicit = try NetlinkSocket(family: .userSocket, namespace: namespace, portID: 0x7FFF_F00D)
        #expect(explicit.localAddress.portID == 0x7FFF_F00D)
        let error = #expect(throws: NetlinkError.self) { _ = try NetlinkSocket(family: .userSocket, namespace: namespace, portID: 0x7FFF_F00D) }
        #expect(error?.errno == .addressInUse)
    }

    /// Every descriptor is close-on-exec and non-blocking.
    @Test func descriptorFlags() throws {
        let socket = try NetlinkSocket(family: .route, namespace: NetworkNamespace.createPrivate())
        #expect(fcntl(socket.descriptor, F_GETFD) & FD_CLOEXEC != 0)
        #expect(fcntl(socket.descriptor, F_GETFL) & O_NONBLOCK != 0)
    }

    /// Joining groups up to the family's maximum works, beyond is EINVAL; LIST_MEMBERSHIPS reports them.
    @Test func memberships() throws {
        let socket = try NetlinkSocket(family: .route, namespace: NetworkNamespace.createPrivate(), groups: 1 << 4)
        try socket.joinGroup(38)
        try socket.joinGroup(1)
        #expect(try socket.memberships() == [1, 5, 38])
        try socket.leaveGroup(1)
        #expect(try socket.memberships() == [5, 38])
        let error = #expect(throws: NetlinkError.self) { try socket.joinGroup(1_000) }
        #expect(error?.errno == .invalidArgument)
    }

    /// Boolean options read back as set.
    @Test(arguments: [NetlinkSocketOption.packetInfo, .broadcastError, .noENOBUFS, .listenAllNamespaceIDs, .capAcknowledgement, .extendedAcknowledgement, .strictChecking])
    func options(_ option: NetlinkSocketOption) throws {
        let socket = try NetlinkSocket(family: .route, namespace: NetworkNamespace.createPrivate())
        try socket.setOption(option, true)
        #expect(try socket.option(option))
        try socket.setOption(option, false)
        #expect(try socket.option(option) == false)
    }

    /// SO_RCVBUFFORCE works as root and reports the doubled effective size.
    @Test func receiveBuffer() throws {
        let socket = try NetlinkSocket(family: .route, namespace: NetworkNamespace.createPrivate())
        let setting = try socket.setReceiveBufferSize(8 << 20)
        #expect(setting.forced)
        #expect(setting.effective == 16 << 20)
        let unforced = try socket.setReceiveBufferSize(4_096, force: false)
        #expect(!unforced.forced)
        #expect(unforced.effective >= 4_096)
    }

    /// A USERSOCK datagram of 200 KiB arrives whole: the buffer grows, nothing is truncated.
    @Test func largeDatagramArrivesWhole() throws {
        let namespace = try NetworkNamespace.createPrivate()
        let receiver = try NetlinkSocket(family: .userSocket, namespace: namespace)
        let sender = try NetlinkSocket(family: .userSocket, namespace: namespace)
        _ = try receiver.setReceiveBufferSize(1 << 20)
        receiver.trustedPeers = [sender.localAddress.portID]
        var builder = NetlinkMessageBuilder()
        try builder.message(type: NetlinkMessageType(0x20), flags: [], sequence: 1) { b in
            b.append(bytes: (0..<200_000).map { UInt8(truncatingIfNeeded: $0) })
        }
        try sender.send(builder.bytes, to: receiver.localAddress)
        var buffer: [UInt8] = []
        guard case .datagram(let info) = try receiver.receive(into: &buffer, timeout: .seconds(5)) else {
            Issue.record("nothing received")
            return
        }
        #expect(info.length == 200_016)
        #expect(Array(buffer[0..<info.length]) == builder.bytes)
        #expect(info.sender.portID == sender.localAddress.portID)
    }

    /// A message forged by another user-space socket is dropped and counted; the kernel's is accepted.
    @Test func forgedUnicastDropped() throws {
        let namespace = try NetworkNamespace.createPrivate()
        let victim = try NetlinkSocket(family: .route, namespace: namespace)
        let forger = try NetlinkSocket(family: .route, namespace: namespace)
        var builder = NetlinkMessageBuilder()
        try NetlinkErrorMessage(error: 0, requestHeader: NetlinkMessageHeader(length: 16, type: NetlinkMessageType(16), sequence: 1), isCapped: true)
            .encode(into: &builder, sequence: 1, portID: victim.localAddress.portID)
        try forger.send(builder.bytes, to: victim.localAddress)
        var buffer: [UInt8] = []
        #expect(try victim.receive(into: &buffer, timeout: .milliseconds(200)) == .timedOut)
        #expect(victim.droppedUntrustedCount == 1)
    }

    /// SO_PASSCRED: kernel messages carry pid 0 credentials.
    @Test func credentials() async throws {
        let namespace = try await NetworkNamespace.createPrivate()
        let socket = try NetlinkSocket(family: .route, namespace: namespace)
        try socket.setPassCredentials(true)
        var builder = NetlinkMessageBuilder()
        try builder.message(type: RouteMessageType.getLink, flags: [.request, .dump], sequence: 9) { $0.appendZeros(16) }
        try socket.send(builder.bytes)
        var buffer: [UInt8] = []
        guard case .datagram(let info) = try socket.receive(into: &buffer, timeout: .seconds(5)) else {
            Issue.record("no reply")
            return
        }
        #expect(info.credentials?.pid == 0)
        #expect(info.sender.isKernel)
    }

    /// SCM_CREDENTIALS of our own: a USERSOCK peer with SO_PASSCRED sees what we sent, not what
    /// the kernel would fill in; the kernel checks them (root may name another process, not one
    /// that does not exist).
    @Test(.enabled(if: getuid() == 0, "naming another process's ID needs CAP_SYS_ADMIN (run as root)"))
    func credentialsOfOurOwn() async throws {
        let namespace = try await NetworkNamespace.createPrivate()
        let sender = try NetlinkSocket(family: .userSocket, namespace: namespace)
        let receiver = try NetlinkSocket(family: .userSocket, namespace: namespace)
        receiver.trustedPeers = [sender.localAddress.portID]
        try receiver.setPassCredentials(true)
        var builder = NetlinkMessageBuilder()
        try builder.message(type: NetlinkMessageType(rawValue: 0x20), flags: [.request], sequence: 1) { $0.append(bytes: [1, 2, 3, 4]) }
        let destination = NetlinkAddress(portID: receiver.localAddress.portID)
        func received() throws -> NetlinkCredentials? {
            var buffer: [UInt8] = []
            guard case .datagram(let info) = try receiver.receive(into: &buffer, timeout: .seconds(5)) else { return nil }
            #expect(Array(buffer[16..<20]) == [1, 2, 3, 4])
            return info.credentials
        }
        try sender.send(builder.bytes, to: destination)
        #expect(try received() == NetlinkCredentials(pid: getpid(), uid: getuid(), gid: getgid()))   // the kernel's: ours
        try sender.send(builder.bytes, to: destination, credentials: NetlinkCredentials(pid: getpid(), uid: 0, gid: 0))
        #expect(try received() == NetlinkCredentials(pid: getpid(), uid: 0, gid: 0))
        try sender.send(builder.bytes, to: destination, credentials: NetlinkCredentials(pid: 1, uid: 0, gid: 0))
        #expect(try received() == NetlinkCredentials(pid: 1, uid: 0, gid: 0))                       // CAP_SYS_ADMIN
        let error = #expect(throws: NetlinkError.self) {
            try sender.send(builder.bytes, to: destination, credentials: NetlinkCredentials(pid: Int32.max, uid: 0, gid: 0))
        }
        #expect(error?.errno == .noSuchProcess, "\(String(describing: error))")
        #expect(error?.systemCall == "sendmsg")
    }

    /// wakeUp interrupts a receive blocked without timeout; close makes it throw `closed`.
    @Test func wakeUpAndClose() async throws {
        let socket = try await NetlinkSocket(family: .route, namespace: NetworkNamespace.createPrivate())
        // The blocked receive runs on a thread of its own, not the cooperative pool (see onOwnThread).
        async let woken = onOwnThread { () -> NetlinkReceiveResult? in
            var buffer: [UInt8] = []
            return try? socket.receive(into: &buffer, timeout: nil)
        }
        try await Task.sleep(for: .milliseconds(50))
        socket.wakeUp()
        #expect(await woken == .wokenUp)
        socket.close()
        var buffer: [UInt8] = []
        #expect(throws: NetlinkError.self) { _ = try socket.receive(into: &buffer, timeout: .seconds(1)) }
    }

    /// 10,000 sockets opened and closed leave no descriptor behind: none of their socket inodes is
    /// still open afterwards (checked by inode, so that tests running in parallel cannot interfere).
    /// The socket's eventfd is closed by the same deinit as its socket descriptor.
    @Test func noDescriptorLeak() throws {
        let namespace = try NetworkNamespace.createPrivate()
        var inodes = Set<UInt64>()
        for index in 0..<10_000 {
            let socket = try NetlinkSocket(family: .route, namespace: index < 200 ? namespace : nil)
            var status = stat()
            #expect(fstat(socket.descriptor, &status) == 0)
            inodes.insert(UInt64(status.st_ino))
            socket.close()
        }
        #expect(inodes.count == 10_000)
        let stillOpen = openSocketInodes().intersection(inodes)
        #expect(stillOpen.isEmpty, "\(stillOpen.count) sockets still open")
    }
}

/// The inodes of the sockets this process has open (from the `socket:[N]` links in /proc/self/fd).
func openSocketInodes() -> Set<UInt64> {
    var result = Set<UInt64>()
    guard let directory = opendir("/proc/self/fd") else { return result }
    defer { closedir(directory) }
    var target = [CChar](repeating: 0, count: 256)
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let length = readlink("/proc/self/fd/" + name, &target, target.count - 1)
        guard length > 0 else { continue }
        let text = String(decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("socket:["), let inode = UInt64(text.dropFirst(8).dropLast()) { result.insert(inode) }
    }
    return result
}

@Suite("Namespaces and addressing", .enabled(if: KernelAccess.available, KernelAccess.reason))
struct KernelNamespaceTests {
    /// Runs a command and returns its exit status.
    static func run(_ arguments: [String]) -> Int32 {
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        guard posix_spawnp(&pid, arguments[0], nil, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return status
    }

    /// A socket opened in a named namespace (/run/netns/NAME, made by `ip netns add`), by path and by
    /// descriptor, sees that namespace's links; a name that does not exist is ENOENT.
    @Test func namedNamespace() async throws {
        let name = "nltest-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        #expect(Self.run(["ip", "netns", "add", name]) == 0)
        defer { _ = Self.run(["ip", "netns", "del", name]) }
        #expect(Self.run(["ip", "-n", name, "link", "add", "only-here", "type", "ifb"]) == 0)
        let byName = try await NetlinkConnection(family: .route, namespace: .named(name))
        #expect(try await byName.links().map(\.name).sorted() == ["lo", "only-here"])
        let byPath = try NetworkNamespace.path("/run/netns/" + name)
        let byDescriptor = try NetworkNamespace.descriptor(byPath.descriptor)
        let connection = try await NetlinkConnection(family: .route, namespace: byDescriptor)
        #expect(try await connection.link(named: "only-here").kind == "ifb")
        // The host namespace's links are not visible there.
        let error = await #expect(throws: NetlinkError.self) { _ = try await connection.link(named: "eth0") }
        #expect(error?.errno == .operationNotSupportedByDevice)  // ENODEV
        let missing = #expect(throws: NetlinkError.self) { _ = try NetworkNamespace.named("nltest-missing-\(getpid())") }
        #expect(missing?.errno == .noSuchFileOrDirectory)
    }

    /// connect() to a peer: unicast from another port is refused by the kernel, the peer's arrives.
    @Test func connectRefusesOthers() throws {
        let namespace = try NetworkNamespace.createPrivate()
        let receiver = try NetlinkSocket(family: .userSocket, namespace: namespace)
        let friend = try NetlinkSocket(family: .userSocket, namespace: namespace)
        let stranger = try NetlinkSocket(family: .userSocket, namespace: namespace)
        receiver.trustedPeers = [friend.localAddress.portID, stranger.localAddress.portID]
        try receiver.connect(to: friend.localAddress)
        var b = NetlinkMessageBuilder()
        try b.message(type: NetlinkMessageType(0x30), flags: []) { _ in }
        let error = #expect(throws: NetlinkError.self) { try stranger.send(b.bytes, to: receiver.localAddress) }
        #expect(error?.errno == .connectionRefused)
        try friend.send(b.bytes, to: receiver.localAddress)
        var buffer: [UInt8] = []
        guard case .datagram(let info) = try receiver.receive(into: &buffer, timeout: .seconds(2)) else {
            Issue.record("nothing from the connected peer")
            return
        }
        #expect(info.sender.portID == friend.localAddress.portID)
    }

    /// On USERSOCK, a process may send to a group: joined, trusted listeners receive it with its group.
    @Test func userSocketMulticast() throws {
        let namespace = try NetworkNamespace.createPrivate()
        let listener = try NetlinkSocket(family: .userSocket, namespace: namespace)
        try listener.setOption(.packetInfo, true)
        try listener.joinGroup(3)
        let sender = try NetlinkSocket(family: .userSocket, namespace: namespace)
        listener.trustedPeers = [sender.localAddress.portID]
        var b = NetlinkMessageBuilder()
        try b.message(type: NetlinkMessageType(0x31), flags: []) { $0.append(bytes: [1, 2, 3, 4]) }
        try sender.sendMulticast(b.bytes, groups: 1 << 2)
        var buffer: [UInt8] = []
        guard case .datagram(let info) = try listener.receive(into: &buffer, timeout: .seconds(2)) else {
            Issue.record("no multicast")
            return
        }
        #expect(info.group == 3)
        #expect(info.sender.groups == 1 << 2)
        #expect(info.sender.portID == sender.localAddress.portID)
    }

    /// NO_ENOBUFS is refused on a socket that carries requests, allowed on a subscription socket.
    @Test func noENOBUFSRefusedOnRequestSockets() throws {
        let (_, connection) = try privateConnection()
        let error = #expect(throws: NetlinkError.self) { try connection.socket?.setOption(.noENOBUFS, true) }
        #expect(error?.errno == .invalidArgument)
        let subscription = try connection.subscribe(groups: [1])
        try subscription.socket?.setOption(.noENOBUFS, true)
        #expect(try subscription.socket?.option(.noENOBUFS) == true)
    }
}
