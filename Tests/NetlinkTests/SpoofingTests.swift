import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import Testing

// Spoofing, on the real kernel: a root user-space socket in the same (private) namespace forges
// kernel messages — unicast to a listener's port, multicast to its group, with and without forged
// SCM_CREDENTIALS. Connections are connected to the kernel, so the kernel refuses the unicast
// (ECONNREFUSED for the forger); the library must drop and count every multicast forgery, while accepting every real kernel
// notification, including the route notifications whose *header* carries a user port (the
// requester's). Forged messages never carry NLM_F_REQUEST (the kernel would act on a group send
// that has it; see RELIABILITY.md).

/// The bit of `nl_groups` for a group 1–32 (group n is bit n − 1).
func groupMask(_ group: UInt32) -> UInt32 { 1 << (group - 1) }

/// A forged kernel route notification: `RTM_NEWROUTE` for the blackhole route `198.18.<c>.<d>/32`
/// (the benchmarking range: never one the tests add for real), header port 0, sequence 0, no
/// `NLM_F_REQUEST` — what the kernel itself would send.
func forgedRouteNotification(_ number: Int) throws -> [UInt8] {
    var builder = NetlinkMessageBuilder()
    try builder.message(type: RouteMessageType.newRoute, flags: [], sequence: 0, portID: 0) { b in
        // struct rtmsg: AF_INET, dst_len 32, src_len 0, tos 0, main table, static, universe, blackhole, flags 0
        b.append(bytes: [2, 32, 0, 0, 254, 4, 0, 6] + [0, 0, 0, 0])
        try b.appendAttribute(15, uint32: 254, .host)  // RTA_TABLE
        try b.appendAttribute(1, ipv4: IPv4Address(198, 18, UInt8(number / 256 % 256), UInt8(number % 256)))  // RTA_DST
    }
    return builder.bytes
}

/// A forged acknowledgement carrying an error (`NLMSG_ERROR` −EPERM) for `sequence` and `port`:
/// what an attacker would send to make a request look refused.
func forgedError(sequence: UInt32, port: UInt32) throws -> [UInt8] {
    var builder = NetlinkMessageBuilder()
    let header = NetlinkMessageHeader(length: 16, type: RouteMessageType.newRoute, sequence: sequence, portID: port)
    try NetlinkErrorMessage(error: -EPERM, requestHeader: header, isCapped: true).encode(into: &builder, sequence: sequence, portID: port)
    return builder.bytes
}

/// A forged uevent in the kernel's text format: `ACTION@DEVPATH`, then `KEY=VALUE` strings, each
/// NUL-terminated.
func forgedUevent(_ number: Int) -> [UInt8] {
    let path = "/devices/forged/spoof\(number)"
    let fields = ["add@\(path)", "ACTION=add", "DEVPATH=\(path)", "SUBSYSTEM=forged", "SEQNUM=\(900_000 + number)"]
    return fields.flatMap { Array($0.utf8) + [0] }
}

/// `struct sockaddr_nl`, for `sendmsg` from the tests (the library's own is internal).
struct RawNetlinkAddress {
    var family: UInt16 = UInt16(AF_NETLINK)
    var pad: UInt16 = 0
    var portID: UInt32
    var groups: UInt32
}

/// Sends `bytes` from `descriptor` to `destination` with an `SCM_CREDENTIALS` control message that
/// claims `pid`, `uid` and `gid`. Returns 0 or the errno of `sendmsg`.
/// Whether `send` was refused by the kernel with `ECONNREFUSED` (unicast to a connected socket).
func refused(_ send: () throws(NetlinkError) -> Void) -> Bool {
    do throws(NetlinkError) {
        try send()
        return false
    } catch {
        return error.errno == .connectionRefused
    }
}

func sendClaimingCredentials(
    _ descriptor: Int32, _ bytes: [UInt8], to destination: NetlinkAddress, pid: Int32, uid: UInt32 = 0, gid: UInt32 = 0
) -> Int32 {
    var address = RawNetlinkAddress(portID: destination.portID, groups: destination.groups)
    // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } + struct ucred { pid, uid, gid }:
    // CMSG_LEN(12) = 28, CMSG_SPACE(12) = 32 on 64-bit Linux.
    var control = [UInt8](repeating: 0, count: 32)
    control.withUnsafeMutableBytes { c in
        c.storeBytes(of: UInt(28), toByteOffset: 0, as: UInt.self)
        c.storeBytes(of: Int32(SOL_SOCKET), toByteOffset: 8, as: Int32.self)
        c.storeBytes(of: Int32(2), toByteOffset: 12, as: Int32.self)  // SCM_CREDENTIALS
        c.storeBytes(of: pid, toByteOffset: 16, as: Int32.self)
        c.storeBytes(of: uid, toByteOffset: 20, as: UInt32.self)
        c.storeBytes(of: gid, toByteOffset: 24, as: UInt32.self)
    }
    var payload = bytes
    let sent = payload.withUnsafeMutableBytes { data in
        withUnsafeMutablePointer(to: &address) { addressPointer in
            control.withUnsafeMutableBytes { controlBytes in
                var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
                return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    var header = msghdr()
                    header.msg_name = UnsafeMutableRawPointer(addressPointer)
                    header.msg_namelen = socklen_t(MemoryLayout<RawNetlinkAddress>.size)
                    header.msg_iov = vectorPointer
                    header.msg_iovlen = 1
                    header.msg_control = controlBytes.baseAddress
                    header.msg_controllen = controlBytes.count
                    return sendmsg(descriptor, &header, 0)
                }
            }
        }
    }
    if sent >= 0 { return 0 }
    let code = errno
    // A multicast send also goes to port 0; a family without a kernel endpoint refuses that part
    // after the broadcast went out.
    if code == ECONNREFUSED && destination.groups != 0 { return 0 }
    return code
}

/// Waits until `condition` holds or `timeout` passes; returns whether it held.
func waitUntil(_ timeout: Duration, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return true
}

/// Reads events from `connection` in the background until stopped, and counts the keys the
/// classifier gives each notification datagram.
final class EventCollector<Key: Hashable & Sendable>: @unchecked Sendable {
    private let lock = ConditionLockForTests()
    private var counts: [Key: Int] = [:]
    private var overruns = 0
    private var task: Task<Void, Never>?

    init(_ connection: NetlinkConnection, classify: @escaping @Sendable (NetlinkDatagram) -> [Key]) {
        task = Task.detached { [self] in
            do {
                for try await event in connection.events {
                    switch event {
                    case .overrun: lock.withLock { overruns += 1 }
                    case .notification(let datagram):
                        let keys = classify(datagram)
                        lock.withLock { for key in keys { counts[key, default: 0] += 1 } }
                    }
                }
            } catch {}
        }
    }

    func count(_ key: Key) -> Int { lock.withLock { counts[key] ?? 0 } }
    var overrunCount: Int { lock.withLock { overruns } }
    func stop() { task?.cancel() }
}

extension NetlinkDatagram {
    /// The datagram's bytes as an array.
    var byteArray: [UInt8] { Array(storage[0..<min(length, storage.count)]) }
}

/// A mutex for the tests' own shared counters.
final class ConditionLockForTests: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}

@Suite("Spoofing on the kernel", .enabled(if: KernelAccess.available, KernelAccess.reason))
struct SpoofingTests {
    enum RouteKind: Hashable, Sendable { case forged, real, realWithUserPort, realWithoutKernelCredentials, other }

    /// Forged route notifications and errors (unicast, multicast, with forged credentials) aimed at two
    /// listeners — a separate subscription and a connection that requests and listens on one
    /// socket — while real route changes are made: every unicast forgery is refused by the kernel,
    /// every multicast one is dropped and counted, none is
    /// delivered, every real notification (header port = the requester's) is, and no forged error
    /// fails a real request.
    @Test func forgedRouteMessagesAreDroppedRealOnesDelivered() async throws {
        let forgedPerKind = 200
        let realChanges = 200
        let namespace = try await NetworkNamespace.createPrivate()
        let requester = try await NetlinkConnection(family: .route, namespace: namespace)
        var listenerConfiguration = NetlinkConnection.Configuration()
        listenerConfiguration.receiveBufferSize = 8 << 20
        listenerConfiguration.eventBufferCapacity = 4_096
        let separate = try await requester.subscribe(groups: [RouteGroup.ipv4Route], configuration: listenerConfiguration)
        var oneSocketConfiguration = listenerConfiguration
        oneSocketConfiguration.groups = [RouteGroup.ipv4Route]
        oneSocketConfiguration.initialSequence = 5_000
        let oneSocket = try await NetlinkConnection(family: .route, namespace: namespace, configuration: oneSocketConfiguration)
        for listener in [separate, oneSocket] { try listener.socket?.setPassCredentials(true) }
        let userPorts: Set<UInt32> = [requester.localAddress.portID, oneSocket.localAddress.portID]

        let classify: @Sendable (NetlinkDatagram) -> [RouteKind] = { datagram in
            var kinds: [RouteKind] = []
            do {
                try datagram.forEachMessage { message in
                    guard message.type == RouteMessageType.newRoute, case .v4(let destination)? = try Route(decoding: message).destination else {
                        kinds.append(.other)
                        return
                    }
                    if destination.value >> 16 == 0xC612 {  // 198.18.0.0/16: forged
                        kinds.append(.forged)
                    } else if destination.value >> 16 != 0x0A4D {  // 10.77.0.0/16: ours
                        kinds.append(.other)
                    } else if datagram.info.credentials.map({ $0.pid != 0 || $0.uid != 0 }) ?? true {
                        kinds.append(.realWithoutKernelCredentials)
                    } else {
                        kinds.append(userPorts.contains(message.portID) ? .realWithUserPort : .real)
                    }
                }
            } catch {
                kinds.append(.other)
            }
            return kinds
        }
        let separateEvents = EventCollector(separate, classify: classify)
        let oneSocketEvents = EventCollector(oneSocket, classify: classify)
        defer {
            separateEvents.stop()
            oneSocketEvents.stop()
        }

        let forger = try NetlinkSocket(family: .route, namespace: namespace)
        let victims = [separate.localAddress, oneSocket.localAddress]
        let group = NetlinkAddress(portID: 0, groups: groupMask(RouteGroup.ipv4Route))
        var forgedSent = [separate.localAddress.portID: 0, oneSocket.localAddress.portID: 0]
        var credentialsRefused: Int32 = 0
        // Connections are connect()ed to the kernel: forged unicast is refused at the sender
        // (ECONNREFUSED) and never reaches their receive buffers; forged multicast arrives and is
        // dropped and counted.
        var unicastRefused = 0

        /// One round of forgeries: `count` of each kind.
        func forge(_ range: Range<Int>) throws {
            for number in range {
                let route = try forgedRouteNotification(number)
                for victim in victims {
                    #expect(refused { () throws(NetlinkError) in try forger.send(route, to: victim) }, "unicast to a connected socket")
                    unicastRefused += 1
                }
                try forger.sendMulticast(route, groups: group.groups)
                for victim in victims { forgedSent[victim.portID]! += 1 }
                // Forged credentials: pid 0 / uid 0 (the kernel's), else pid 1 when pid 0 is refused.
                var pid: Int32 = 0
                var result = sendClaimingCredentials(forger.descriptor, route, to: oneSocket.localAddress, pid: pid)
                if result == ESRCH || result == EPERM {
                    credentialsRefused = result
                    pid = 1
                    result = sendClaimingCredentials(forger.descriptor, route, to: oneSocket.localAddress, pid: pid)
                }
                #expect(result == ECONNREFUSED, "unicast sendmsg with SCM_CREDENTIALS to a connected socket: errno \(result)")
                unicastRefused += 1
                #expect(sendClaimingCredentials(forger.descriptor, route, to: group, pid: pid) == 0)
                for victim in victims { forgedSent[victim.portID]! += 1 }
                // A forged error for a sequence number the one-socket connection uses (from 5,000).
                let error = try forgedError(sequence: 5_000 + UInt32(number % realChanges), port: oneSocket.localAddress.portID)
                #expect(refused { () throws(NetlinkError) in try forger.send(error, to: oneSocket.localAddress) }, "forged error to a connected socket")
                unicastRefused += 1
            }
        }

        // Forgeries before, between and after the real changes (made by the requester and by the
        // one-socket connection itself, so headers carry both user ports).
        try forge(0..<forgedPerKind / 2)
        var failures = 0
        for number in 0..<realChanges {
            let connection = number % 2 == 0 ? requester : oneSocket
            do {
                try await connection.execute(type: RouteMessageType.newRoute, flags: [.create, .exclusive], fixedHeaderSize: 12) { b in
                    b.append(bytes: [2, 32, 0, 0, 254, 4, 0, 6] + [0, 0, 0, 0])
                    try b.appendAttribute(1, ipv4: IPv4Address(10, 77, UInt8(number / 256), UInt8(number % 256)))
                }
            } catch {
                failures += 1
            }
        }
        try forge(forgedPerKind / 2..<forgedPerKind)
        #expect(failures == 0, "real requests failed (a forged error must never win)")

        let expectedDropped = forgedSent.values.reduce(0, +)
        let allDropped = await waitUntil(.seconds(10)) {
            separate.statistics.droppedUntrusted + oneSocket.statistics.droppedUntrusted == expectedDropped
        }
        let allDelivered = await waitUntil(.seconds(10)) {
            separateEvents.count(.realWithUserPort) == realChanges && oneSocketEvents.count(.realWithUserPort) == realChanges
        }
        #expect(allDropped)
        #expect(allDelivered)
        for (name, listener, events) in [("separate", separate, separateEvents), ("one-socket", oneSocket, oneSocketEvents)] {
            #expect(listener.statistics.droppedUntrusted == forgedSent[listener.localAddress.portID], "\(name)")
            #expect(events.count(.forged) == 0, "\(name): forged notifications delivered")
            #expect(events.count(.realWithUserPort) == realChanges, "\(name)")
            #expect(events.count(.real) == 0, "\(name): real notifications without the requester's port")
            #expect(events.count(.realWithoutKernelCredentials) == 0, "\(name): real notifications without pid 0 credentials")
            #expect(events.overrunCount == 0, "\(name)")
        }
        #expect(oneSocket.statistics.unmatchedReplies == 0)
        #expect(oneSocket.pendingCount == 0)
        let delivered = separateEvents.count(.realWithUserPort) + oneSocketEvents.count(.realWithUserPort)
        let forgedShown = separateEvents.count(.forged) + oneSocketEvents.count(.forged)
        let dropped = separate.statistics.droppedUntrusted + oneSocket.statistics.droppedUntrusted
        print("REPORT-FIGURE spoof-route-forged-sent: \(expectedDropped) datagrams (forged RTM_NEWROUTE multicast, also with SCM_CREDENTIALS pid \(credentialsRefused == 0 ? 0 : 1), reaching a separate subscription and a one-socket connection)")
        print("REPORT-FIGURE spoof-route-forged-unicast-refused: \(unicastRefused) datagrams (forged RTM_NEWROUTE and NLMSG_ERROR unicast, also with SCM_CREDENTIALS: refused by the kernel with ECONNREFUSED, the connections being connected to it)")
        print("REPORT-FIGURE spoof-route-forged-dropped: \(dropped) of \(expectedDropped) datagrams (dropped and counted in statistics.droppedUntrusted)")
        print("REPORT-FIGURE spoof-route-forged-delivered: \(forgedShown) (forged route notifications delivered as events)")
        print("REPORT-FIGURE spoof-route-real-delivered: \(delivered) of \(2 * realChanges) (real route notifications whose header carries a user port, over both listeners)")
        print("REPORT-FIGURE spoof-route-real-requests-failed: \(failures) of \(realChanges) (ACKed route adds with forged -EPERM errors aimed at their sequence numbers)")
        if credentialsRefused != 0 {
            print("REPORT-FIGURE spoof-credentials-pid0: refused by sendmsg with errno \(credentialsRefused); forged credentials claimed pid 1, uid 0")
        }
    }

    /// Forged uevents on `NETLINK_KOBJECT_UEVENT` (multicast to group 1, unicast, with forged
    /// credentials) are dropped and counted by a listening connection; the kernel's own uevents for
    /// links created in the namespace are delivered.
    @Test func forgedUeventsAreDroppedRealOnesDelivered() async throws {
        let forgedPerKind = 200
        let realLinks = 20
        let namespace = try await NetworkNamespace.createPrivate()
        let requester = try await NetlinkConnection(family: .route, namespace: namespace)
        var configuration = NetlinkConnection.Configuration()
        configuration.groups = [1]
        configuration.receiveBufferSize = 8 << 20
        configuration.eventBufferCapacity = 4_096
        configuration.extendedAcknowledgements = false
        configuration.capAcknowledgements = false
        let listener = try await NetlinkConnection(family: .kobjectUevent, namespace: namespace, configuration: configuration)
        try listener.socket?.setPassCredentials(true)

        enum Kind: Hashable, Sendable { case forged, ours, realWithoutKernelCredentials, other }
        let prefix = Array("add@/devices/virtual/net/spoofu".utf8)
        let events = EventCollector(listener) { datagram -> [Kind] in
            let bytes = datagram.byteArray
            if bytes.starts(with: Array("add@/devices/forged/".utf8)) { return [.forged] }
            // The device's own uevent, not those of its queues (…/spoofu3/queues/rx-0).
            let summary = bytes.prefix { $0 != 0 }
            guard summary.starts(with: prefix), !summary.dropFirst(prefix.count).contains(UInt8(ascii: "/")) else { return [.other] }
            if datagram.info.credentials.map({ $0.pid != 0 || $0.uid != 0 }) ?? true { return [.realWithoutKernelCredentials] }
            return [.ours]
        }
        defer { events.stop() }

        let forger = try NetlinkSocket(family: .kobjectUevent, namespace: namespace)
        let group = NetlinkAddress(portID: 0, groups: 1)
        var sent = 0
        var unicastRefused = 0
        func forge(_ range: Range<Int>) throws {
            for number in range {
                let uevent = forgedUevent(number)
                try forger.sendMulticast(uevent, groups: 1)
                #expect(refused { () throws(NetlinkError) in try forger.send(uevent, to: listener.localAddress) }, "unicast to a connected socket")
                unicastRefused += 1
                var result = sendClaimingCredentials(forger.descriptor, uevent, to: group, pid: 0)
                if result == ESRCH || result == EPERM { result = sendClaimingCredentials(forger.descriptor, uevent, to: group, pid: 1) }
                #expect(result == 0, "sendmsg with SCM_CREDENTIALS: errno \(result)")
                sent += 2
            }
        }
        try forge(0..<forgedPerKind / 2)
        for index in 0..<realLinks { try await requester.createLink(name: "spoofu\(index)", kind: "ifb") }
        try forge(forgedPerKind / 2..<forgedPerKind)

        let allDropped = await waitUntil(.seconds(10)) { listener.statistics.droppedUntrusted == sent }
        let allDelivered = await waitUntil(.seconds(10)) { events.count(.ours) == realLinks }
        #expect(allDropped)
        #expect(allDelivered)
        #expect(listener.statistics.droppedUntrusted == sent)
        #expect(events.count(.forged) == 0)
        #expect(events.count(.ours) == realLinks)
        #expect(events.count(.realWithoutKernelCredentials) == 0)
        print("REPORT-FIGURE spoof-uevent-forged-sent: \(sent) datagrams (forged uevents: multicast to group 1, also with SCM_CREDENTIALS)")
        print("REPORT-FIGURE spoof-uevent-forged-unicast-refused: \(unicastRefused) datagrams (forged uevents unicast to the listener: refused with ECONNREFUSED)")
        print("REPORT-FIGURE spoof-uevent-forged-dropped: \(listener.statistics.droppedUntrusted) of \(sent) datagrams")
        print("REPORT-FIGURE spoof-uevent-forged-delivered: \(events.count(.forged)) (forged uevents delivered as events)")
        print("REPORT-FIGURE spoof-uevent-real-delivered: \(events.count(.ours)) of \(realLinks) (kernel uevents for links created in the namespace)")
    }
}
