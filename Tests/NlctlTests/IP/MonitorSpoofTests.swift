import Glibc
import NetlinkCore
import Testing

/// Work for a thread that enters a network namespace first.
final class NamespaceJob {
    let path: String
    let body: () -> Void
    init(path: String, body: @escaping () -> Void) {
        self.path = path
        self.body = body
    }
}

/// Holds what a namespace thread returns.
final class ResultBox: @unchecked Sendable { var value: Any? }

/// `setns(2)` (glibc declares it only with `_GNU_SOURCE`, which Swift's Glibc module does not set).
let setNamespace: @convention(c) (Int32, Int32) -> Int32 = {
    let symbol = dlsym(dlopen(nil, RTLD_NOW), "setns")
    return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
}()

/// Runs `body` on a new POSIX thread that entered the network namespace `/run/netns/NAME` (so the
/// test runner's other threads stay where they are); returns its result, or `nil` when the thread
/// could not enter the namespace.
func inNamespace<T>(_ name: String, _ body: @escaping () -> T) -> T? {
    let slot = ResultBox()
    let job = NamespaceJob(path: "/run/netns/" + name) { slot.value = body() }
    let context = Unmanaged.passRetained(job)
    var thread = pthread_t()
    let created = pthread_create(&thread, nil, { raw in
        let job = Unmanaged<NamespaceJob>.fromOpaque(raw!).takeUnretainedValue()
        let fd = open(job.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard setNamespace(fd, 0x4000_0000 /* CLONE_NEWNET */) == 0 else { return nil }
        job.body()
        return nil
    }, context.toOpaque())
    guard created == 0 else {
        context.release()
        return nil
    }
    pthread_join(thread, nil)
    context.release()
    return slot.value as? T
}

/// A root `NETLINK_ROUTE` socket that forges kernel route notifications.
struct RouteForger {
    let descriptor: Int32
    let port: UInt32

    /// `struct sockaddr_nl`.
    struct Address {
        var family: UInt16 = UInt16(AF_NETLINK)
        var pad: UInt16 = 0
        var port: UInt32
        var groups: UInt32
    }

    /// Opens and binds the socket in the calling thread's namespace.
    init?() {
        let fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = Address(port: 0, groups: 0)
        var length = socklen_t(MemoryLayout<Address>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, length) == 0 && getsockname(fd, sa, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            return nil
        }
        descriptor = fd
        port = address.port
    }

    /// A forged `RTM_NEWROUTE` for the blackhole route `198.18.0.<n>/32`: header port 0, sequence
    /// 0, no `NLM_F_REQUEST`.
    static func forgedRoute(_ n: Int) -> [UInt8] {
        var builder = NetlinkMessageBuilder()
        try! builder.message(type: NetlinkMessageType(24), flags: [], sequence: 0, portID: 0) { b in  // RTM_NEWROUTE
            b.append(bytes: [2, 32, 0, 0, 254, 4, 0, 6] + [0, 0, 0, 0])  // rtmsg: AF_INET /32 main static universe blackhole
            try b.appendAttribute(15, uint32: 254, .host)  // RTA_TABLE
            try b.appendAttribute(1, bytes: [198, 18, UInt8(n / 256 % 256), UInt8(n % 256)])  // RTA_DST
        }
        return builder.bytes
    }

    /// Sends `bytes` to `port` / `groups`, optionally with an `SCM_CREDENTIALS` message claiming
    /// `pid` and uid 0. Returns 0 or errno.
    func send(_ bytes: [UInt8], port: UInt32, groups: UInt32 = 0, claimingPID pid: Int32? = nil) -> Int32 {
        var address = Address(port: port, groups: groups)
        var control = [UInt8](repeating: 0, count: 32)  // CMSG_SPACE(sizeof(struct ucred))
        control.withUnsafeMutableBytes { c in
            c.storeBytes(of: UInt(28), toByteOffset: 0, as: UInt.self)  // CMSG_LEN(12)
            c.storeBytes(of: Int32(SOL_SOCKET), toByteOffset: 8, as: Int32.self)
            c.storeBytes(of: Int32(2), toByteOffset: 12, as: Int32.self)  // SCM_CREDENTIALS
            c.storeBytes(of: pid ?? 0, toByteOffset: 16, as: Int32.self)
        }
        var payload = bytes
        let sent = payload.withUnsafeMutableBytes { data in
            withUnsafeMutablePointer(to: &address) { addressPointer in
                control.withUnsafeMutableBytes { controlBytes in
                    var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
                    return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                        var header = msghdr()
                        header.msg_name = UnsafeMutableRawPointer(addressPointer)
                        header.msg_namelen = socklen_t(MemoryLayout<Address>.size)
                        header.msg_iov = vectorPointer
                        header.msg_iovlen = 1
                        if pid != nil {
                            header.msg_control = controlBytes.baseAddress
                            header.msg_controllen = controlBytes.count
                        }
                        return sendmsg(descriptor, &header, 0)
                    }
                }
            }
        }
        return sent >= 0 ? 0 : errno
    }

    /// The ports of the other `NETLINK_ROUTE` sockets in the calling thread's namespace that joined
    /// groups (the monitors), from /proc/thread-self/net/netlink.
    func listenerPorts() -> [UInt32] {
        let text = NameFile.read("/proc/thread-self/net/netlink")
        var ports: [UInt32] = []
        for line in text.split(separator: "\n").dropFirst() {
            // sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
            let fields = line.split(separator: " ")
            guard fields.count >= 4, fields[1] == "0", let pid = UInt32(fields[2]), pid != 0, pid != port,
                fields[3] != "00000000"
            else { continue }
            ports.append(pid)
        }
        return ports
    }
}

/// `nlctl monitor` (text and `-j`) prints none of the route notifications a root socket in the same
/// namespace forges — multicast to the route group, unicast to the monitor's port, with forged
/// SCM_CREDENTIALS — and every real one, whose header carries `ip`'s port. `ip monitor` 6.1 watches
/// the same traffic, for the record.
@Suite("nlctl monitor vs forged notifications", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct MonitorSpoofTests {
    @Test func forgedNotificationsAreNotShown() async throws {
        let namespace = try ScratchNamespace()
        try await namespace.ip("link set lo up")
        let base = "/tmp/nlctl-monitor-spoof-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let textPid = MonitorTests.spawn([nlctlPath, "-n", namespace.name, "monitor", "route"], output: base + ".nl")
        let jsonPid = MonitorTests.spawn([nlctlPath, "-n", namespace.name, "-j", "monitor", "route"], output: base + ".json")
        let ipPid = MonitorTests.spawn(["ip", "-n", namespace.name, "monitor", "route"], output: base + ".ip")
        defer { for suffix in [".nl", ".json", ".ip"] { unlink(base + suffix) } }
        var stopped = false
        defer { if !stopped { for pid in [textPid, jsonPid, ipPid] { MonitorTests.stop(pid) } } }
        try await Task.sleep(for: .milliseconds(700))

        let forgedPerKind = 50
        let realRoutes = 10
        let ipv4RouteGroups: UInt32 = 1 << 6  // RTNLGRP_IPV4_ROUTE (7)
        /// One round of forgeries; returns (sent, monitor ports found, errors). Unicast to nlctl's
        /// monitors is refused by the kernel (their sockets are connected to it): `ECONNREFUSED`,
        /// counted in `refused`, not an error; ip's monitor socket takes it.
        var refused = 0
        func forge(_ range: Range<Int>) -> (Int, Int, [Int32]) {
            inNamespace(namespace.name) { () -> (Int, Int, [Int32]) in
                guard let forger = RouteForger() else { return (0, 0, [errno]) }
                defer { close(forger.descriptor) }
                let monitors = forger.listenerPorts()
                var sent = 0
                var errors: [Int32] = []
                for n in range {
                    let route = RouteForger.forgedRoute(n)
                    var results = [forger.send(route, port: 0, groups: ipv4RouteGroups)]
                    var pid: Int32 = 0
                    var claimed = forger.send(route, port: 0, groups: ipv4RouteGroups, claimingPID: pid)
                    if claimed == ESRCH || claimed == EPERM {
                        pid = 1
                        claimed = forger.send(route, port: 0, groups: ipv4RouteGroups, claimingPID: pid)
                    }
                    results.append(claimed)
                    for port in monitors {
                        results.append(forger.send(route, port: port))
                        results.append(forger.send(route, port: port, claimingPID: pid))
                    }
                    for result in results {
                        if result == 0 { sent += 1 } else if result == ECONNREFUSED { refused += 1 } else { errors.append(result) }
                    }
                }
                return (sent, monitors.count, errors)
            } ?? (0, 0, [-1])
        }

        let (sentBefore, monitorsFound, errorsBefore) = forge(0..<forgedPerKind / 2)
        for n in 0..<realRoutes { try await namespace.ip("route add blackhole 203.0.113.\(n + 1)/32") }
        let (sentAfter, _, errorsAfter) = forge(forgedPerKind / 2..<forgedPerKind)
        try await Task.sleep(for: .milliseconds(700))
        for pid in [textPid, jsonPid, ipPid] { MonitorTests.stop(pid) }
        stopped = true

        let text = MonitorTests.contents(base + ".nl")
        let json = MonitorTests.contents(base + ".json")
        let ipText = MonitorTests.contents(base + ".ip")
        func lines(_ output: String, containing needle: String) -> Int {
            output.split(separator: "\n").filter { $0.contains(needle) }.count
        }
        #expect(errorsBefore.isEmpty && errorsAfter.isEmpty, "send errors: \(errorsBefore + errorsAfter)")
        #expect(monitorsFound == 3, "the three monitors' ports were not found in /proc/thread-self/net/netlink")
        #expect(refused == 2 * 2 * forgedPerKind, "each forged unicast to the two nlctl monitors refused by the kernel: \(refused)")
        #expect(lines(text, containing: "198.18.") == 0, "\(text)")
        #expect(lines(json, containing: "198.18.") == 0, "\(json)")
        #expect(lines(text, containing: "203.0.113.") == realRoutes, "\(text)")
        #expect(lines(json, containing: "\"dst\":\"203.0.113.") == realRoutes, "\(json)")
        let sent = sentBefore + sentAfter
        print("REPORT-FIGURE monitor-spoof-forged-sent: \(sent) datagrams (forged RTM_NEWROUTE multicast and unicast to \(monitorsFound) monitors, with and without SCM_CREDENTIALS)")
        print("REPORT-FIGURE monitor-spoof-unicast-refused: \(refused) datagrams (forged unicast to the two nlctl monitors, refused by the kernel: their sockets are connected)")
        print("REPORT-FIGURE monitor-spoof-nlctl-forged-shown: \(lines(text, containing: "198.18.")) lines of text, \(lines(json, containing: "198.18.")) JSON objects (nlctl monitor route)")
        print("REPORT-FIGURE monitor-spoof-nlctl-real-shown: \(lines(text, containing: "203.0.113.")) of \(realRoutes) real route notifications (header port = ip's)")
        print("REPORT-FIGURE monitor-spoof-ip-forged-shown: \(lines(ipText, containing: "198.18.")) lines (ip monitor route 6.1, for comparison; \(lines(ipText, containing: "203.0.113.")) real)")
    }
}
