import Glibc
import KernelFeatures
import Netlink
import NetlinkConnector
import NetlinkCore
import NetlinkTestSupport
import Testing

/// The listen handshake and the filter with the fake kernel; then the real kernel's process events
/// for children of this process, in the initial namespace (read-only: events of the host are
/// received, nothing of the host is changed but the connector's listener count, given back when
/// the socket closes), and its refusal in a private namespace.
@Suite("Process events: subscription")
struct ProcessEventsTests {
    /// A fake kernel that acknowledges listen requests with `errno` (nothing, if `nil`), after
    /// another listener's acknowledgement and an event from before the subscription.
    static func fakeConnector(acknowledging errno: UInt32?) throws -> (FakeNetlinkKernel, NetlinkConnection) {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: .done) { request in
            guard let errno, request.payload.count == 24 else { return [] }
            let token = request.payload.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 12, as: UInt32.self) }
            return [
                .event(group: 1, type: .done, payload: processEventPayload(what: 0, acknowledgement: token &+ 7, words: [0])),
                .event(group: 1, type: .done, payload: processEventPayload(what: 2, words: [1, 1])),
                .event(group: 1, type: .done, payload: processEventPayload(what: 0, acknowledgement: token &+ 1, words: [errno])),
            ]
        }
        var configuration = NetlinkConnection.Configuration()
        configuration.groups = [ConnectorID.processEvents.index]
        return (kernel, try NetlinkConnection(transport: kernel, configuration: configuration))
    }

    @Test func listenThenFilter() async throws {
        let (kernel, connection) = try Self.fakeConnector(acknowledging: 0)
        defer { connection.close() }
        let events = try await ProcessEvents.listen(on: connection, kinds: [.exec, .nonzeroExit])
        let requests = kernel.requests.map(\.payload)
        #expect(requests.count == 2)
        #expect(requests.first.map { Array($0.suffix(4)) } == [1, 0, 0, 0])     // PROC_CN_MCAST_LISTEN alone: acknowledged
        #expect(requests.last.map { Array($0.suffix(8)) } == [1, 0, 0, 0, 2, 0, 0, 0x20])   // then struct proc_input
        let me = ProcessThread(pid: 40, tgid: 40)
        kernel.inject([
            .event(group: 1, type: .done, payload: processEventPayload(what: 1, words: [1, 1, 40, 40])),            // fork: filtered
            .event(group: 1, type: .done, payload: processEventPayload(what: 2, words: [40, 40])),                  // exec
            .event(group: 1, type: .done, payload: processEventPayload(what: 0x8000_0000, words: [40, 40, 0, 17, 1, 1])),      // exit 0: filtered
            .event(group: 1, type: .done, payload: processEventPayload(what: 0, acknowledgement: 99, words: [0])),   // an acknowledgement: skipped
            .event(group: 1, type: .done, payload: processEventPayload(what: 0x8000_0000, words: [40, 40, 0x100, 17, 1, 1])),  // exit 1
        ])
        var iterator = events.makeAsyncIterator()
        var seen: [ProcessEvent.Detail] = []
        while seen.count < 2, case .event(let event)? = try await iterator.next() { seen.append(event.detail) }
        #expect(seen == [.exec(me), .exit(me, status: 0x100, signal: 17, parent: ProcessThread(pid: 1, tgid: 1))])
        try events.stopListening()
        #expect(kernel.requests.last.map { Array($0.payload.suffix(4)) } == [2, 0, 0, 0])
    }

    @Test func refusalAndSilenceAreErrors() async throws {
        let (_, refusing) = try Self.fakeConnector(acknowledging: UInt32(EPERM))
        defer { refusing.close() }
        await #expect {
            _ = try await ProcessEvents.listen(on: refusing)
        } throws: { error in
            (error as? NetlinkError).map { $0.code == .kernelError && $0.errno == .notPermitted && $0.detail?.contains("CAP_NET_ADMIN") == true } ?? false
        }
        let (_, silent) = try Self.fakeConnector(acknowledging: nil)
        defer { silent.close() }
        await #expect {
            _ = try await ProcessEvents.listen(on: silent, timeout: .milliseconds(200))
        } throws: { error in
            (error as? NetlinkError).map { $0.code == .timedOut && $0.detail?.contains("initial user and PID namespaces") == true } ?? false
        }
    }

    /// Runs `/bin/sh -c SCRIPT` and waits for it; returns its process ID.
    static func runShell(_ script: String) -> pid_t {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(script), nil]
        defer { for argument in argv { free(argument) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return pid
    }

    /// The events about `pid` (as a process: tgid), until its exit or 5 seconds.
    static func events(of pid: pid_t, from events: ProcessEvents) async throws -> [ProcessEvent.Detail] {
        let collector = Task { () throws -> [ProcessEvent.Detail] in
            var seen: [ProcessEvent.Detail] = []
            for try await element in events {
                guard case .event(let event) = element, event.thread?.tgid == pid else { continue }
                seen.append(event.detail)
                if case .exit = event.detail { break }
            }
            return seen
        }
        let deadline = Task {
            try await Task.sleep(for: .seconds(5))
            collector.cancel()
        }
        defer { deadline.cancel() }
        return try await collector.value
    }

    @Test(.enabled(if: getuid() == 0, "process events need CAP_NET_ADMIN in the initial namespace (run as root)"))
    func forkExecExitOfAChild() async throws {
        let connection = try await NetlinkConnection(family: .connector)
        defer { connection.close() }
        let events = try await connection.processEvents()
        defer { try? events.stopListening(); events.connection.close() }
        let child = Self.runShell("exit 3")
        #expect(child > 0)
        let seen = try await Self.events(of: child, from: events)
        let me = ProcessThread(pid: 0, tgid: getpid())
        let forks = seen.compactMap { detail -> ProcessThread? in if case .fork(let parent, _) = detail { parent } else { nil } }
        #expect(forks.count == 1 && forks.first?.tgid == me.tgid, "\(seen)")
        #expect(seen.contains(.exec(ProcessThread(pid: child, tgid: child))), "\(seen)")
        let exits = seen.compactMap { detail -> UInt32? in if case .exit(_, let status, let signal, _) = detail, signal == UInt32(SIGCHLD) { status } else { nil } }
        #expect(exits == [0x300], "\(seen)")   // exit code 3 as a wait status
    }

    @Test(.enabled(if: getuid() == 0, "process events need CAP_NET_ADMIN in the initial namespace (run as root)"))
    func filterPassesOnlyNonzeroExits() async throws {
        let connection = try await NetlinkConnection(family: .connector)
        defer { connection.close() }
        let events = try await connection.processEvents([.nonzeroExit])
        defer { events.connection.close() }
        let quiet = Self.runShell("exit 0")
        let failing = Self.runShell("exit 5")
        let collector = Task { () throws -> [ProcessEvent] in
            var seen: [ProcessEvent] = []
            for try await element in events {
                guard case .event(let event) = element else { continue }
                #expect(event.kind == .exit, "a filtered subscription received \(event)")
                guard event.thread?.tgid == quiet || event.thread?.tgid == failing else { continue }
                seen.append(event)
                if event.thread?.tgid == failing { break }
            }
            return seen
        }
        let deadline = Task { try await Task.sleep(for: .seconds(5)); collector.cancel() }
        defer { deadline.cancel() }
        let seen = try await collector.value
        #expect(seen.map(\.thread?.tgid) == [failing], "\(seen)")
        if case .exit(_, let status, _, _)? = seen.first?.detail { #expect(status == 0x500) }
    }

    @Test(.enabled(if: KernelFeatures.privateNamespaces.present, "needs CAP_SYS_ADMIN to create a private network namespace (run as root)"))
    func privateNamespaceIsRefused() async throws {
        let namespace = try await NetworkNamespace.createPrivate()
        let connection = try await NetlinkConnection(family: .connector, namespace: namespace)
        defer { connection.close() }
        await #expect {
            _ = try await connection.processEvents()
        } throws: { error in
            (error as? NetlinkError).map { $0.errno == .connectionRefused && $0.detail?.contains("initial network namespace") == true } ?? false
        }
    }
}
