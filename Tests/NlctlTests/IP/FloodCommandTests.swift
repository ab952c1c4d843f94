import Glibc
import Synchronization
import Testing

/// Forged floods do not cost replies (issue 14, part 4), at the command line: a root socket in the
/// namespace sends forged route notifications, as fast as it can, to the port of every other
/// NETLINK_ROUTE socket there (re-read from /proc/thread-self/net/netlink every 64 sends, so each
/// short-lived nlctl process is found) while 100 nlctl commands run. nlctl's sockets are connected
/// to the kernel: the kernel refuses every forged unicast (ECONNREFUSED), and no command fails.
@Suite("nlctl under a forged flood", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct FloodCommandTests {
    struct Counts: Sendable { var stop = false, sent = 0, refused = 0, delivered = 0, otherErrors = 0, ports: Set<UInt32> = [] }

    /// The ports of the other route sockets of the calling thread's namespace (kernel's excluded).
    static func routePorts(except own: UInt32) -> [UInt32] {
        NameFile.read("/proc/thread-self/net/netlink").split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count >= 3, fields[1] == "0", let port = UInt32(fields[2]), port != 0, port != own else { return nil }
            return port
        }
    }

    @Test func hundredCommandsDuringAFlood() async throws {
        let namespace = try ScratchNamespace()
        try await namespace.ip("link add d0 type ifb")
        try await namespace.ip("link set d0 up")
        let counts = Mutex(Counts())
        let name = namespace.name
        // The flooder: a thread of its own inside the namespace, bounded to 120 s.
        let flooding = Task.detached {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                BlockingThread.start {
                    _ = inNamespace(name) { () -> Int in
                        guard let forger = RouteForger() else { return 0 }
                        defer { close(forger.descriptor) }
                        let route = RouteForger.forgedRoute(1)
                        let started = ContinuousClock.now
                        var local = Counts()
                        var ports: [UInt32] = []
                        while ContinuousClock.now - started < .seconds(120) {
                            if local.sent % 64 == 0 {
                                if counts.withLock({ $0.stop }) { break }
                                ports = Self.routePorts(except: forger.port)
                                local.ports.formUnion(ports)
                            }
                            if ports.isEmpty { local.sent += 1; continue }
                            for port in ports {
                                let result = forger.send(route, port: port)
                                local.sent += 1
                                switch result {
                                case 0: local.delivered += 1
                                case ECONNREFUSED: local.refused += 1
                                case ESRCH: break   // the process left between the scan and the send
                                default: local.otherErrors += 1
                                }
                            }
                        }
                        counts.withLock { $0.sent = local.sent; $0.refused = local.refused; $0.delivered = local.delivered; $0.otherErrors = local.otherErrors; $0.ports = local.ports }
                        return 0
                    }
                    done.resume()
                }
            }
        }
        try await Task.sleep(for: .milliseconds(200))
        var failures: [String] = []
        for number in 0..<100 {
            let command = number % 2 == 0
                ? ["-n", name, "link", "show"]
                : ["-n", name, "route", "add", "10.99.\(number / 256).\(number % 256)/32", "dev", "d0"]
            let result = await nlctl(command)
            if result.status != 0 { failures.append("\(command): \(result)") }
        }
        counts.withLock { $0.stop = true }
        await flooding.value
        let result = counts.withLock { $0 }
        #expect(failures.isEmpty, "\(failures.count) of 100 commands failed: \(failures.prefix(3))")
        #expect(result.ports.count > 0 && result.refused > 0, "the flood found nlctl's sockets: \(result.ports.count) ports seen")
        #expect(result.delivered == 0, "forged datagrams delivered to a socket: \(result.delivered)")
        #expect(result.otherErrors == 0)
        print("REPORT-FIGURE flood-nlctl-commands-failed: \(failures.count) of 100 (nlctl link show / route add while a root socket floods every route socket of the namespace)")
        print("REPORT-FIGURE flood-nlctl-forged-refused: \(result.refused) forged datagrams refused by the kernel at \(result.ports.count) ports, \(result.delivered) delivered")
    }
}
