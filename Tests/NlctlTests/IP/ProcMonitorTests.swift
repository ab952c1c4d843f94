import Glibc
import KernelFeatures
import Testing

/// `nlctl monitor proc`: the process events of children this test starts, in text and JSON, with a
/// filter; the kernel's refusals (a private namespace; an unprivileged user) as one line and
/// status 1. Read only: the monitor listens in the initial namespace, as process events allow.
@Suite("nlctl monitor proc", .enabled(if: getuid() == 0, "process events need CAP_NET_ADMIN in the initial namespace (run as root)"), .serialized)
struct ProcMonitorTests {
    /// Runs a program to its end; returns its pid.
    static func runChild(_ arguments: [String]) -> pid_t {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        guard posix_spawn(&pid, arguments[0], nil, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return pid
    }

    /// Runs `sh -c 'exit CODE'` until `path` shows a line about it (the monitor has subscribed by
    /// then), at most 50 times, then once more — the child that showed first may have started
    /// before the subscription, so its exec was not seen — and waits for that last child's line;
    /// returns the children's pids, the last one's events all after the subscription.
    static func childrenSeen(by path: String, code: Int) async -> [pid_t] {
        var children: [pid_t] = []
        func seen(_ pid: pid_t) -> Bool {
            let text = MonitorTests.contents(path)
            return text.contains(" \(pid) ") || text.contains("\(pid),")
        }
        for _ in 0..<50 {
            let pid = Self.runChild(["/bin/sh", "-c", "exit \(code)"])
            children.append(pid)
            try? await Task.sleep(for: .milliseconds(100))
            if seen(pid) { break }
        }
        let last = Self.runChild(["/bin/sh", "-c", "exit \(code)"])
        children.append(last)
        for _ in 0..<50 where !seen(last) { try? await Task.sleep(for: .milliseconds(100)) }
        return children
    }

    @Test func textOfExecAndExit() async throws {
        let path = "/tmp/nlctl-proc-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(path) }
        let monitor = MonitorTests.spawn([nlctlPath, "monitor", "proc", "exec", "exit"], output: path)
        let children = await Self.childrenSeen(by: path, code: 7)
        try await Task.sleep(for: .milliseconds(200))
        MonitorTests.stop(monitor)
        let lines = MonitorTests.contents(path).split(separator: "\n").map(String.init)
        let child = try #require(children.last)
        #expect(lines.contains("exec \(child)"), "\(lines.suffix(20))")
        // The parent: the test process's thread that spawned it, `TGID/PID` (or `TGID` for its main thread).
        #expect(lines.contains { $0 == "exit \(child) code 7 parent \(getpid())" || $0.hasPrefix("exit \(child) code 7 parent \(getpid())/") }, "\(lines.suffix(20))")
        for line in lines {
            #expect(line.hasPrefix("exec ") || line.hasPrefix("exit ") || line.hasPrefix("Overrun: "), "filtered out, yet printed: \(line)")
        }
    }

    @Test func jsonOfNonzeroExits() async throws {
        let path = "/tmp/nlctl-proc-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(path) }
        let monitor = MonitorTests.spawn([nlctlPath, "-j", "monitor", "proc", "nonzero-exit"], output: path)
        let children = await Self.childrenSeen(by: path, code: 2)
        let quiet = Self.runChild(["/bin/true"])
        try await Task.sleep(for: .milliseconds(300))
        MonitorTests.stop(monitor)
        let lines = MonitorTests.contents(path).split(separator: "\n").map(String.init)
        let child = try #require(children.last)
        let line = try #require(lines.first { $0.contains("\"process_tgid\":\(child),") }, "\(lines.suffix(20))")
        #expect(line.hasPrefix("{\"event\":\"exit\",\"cpu\":"), "\(line)")
        #expect(line.contains(",\"process_pid\":\(child),\"process_tgid\":\(child),\"exit_code\":512,\"exit_signal\":17,\"parent_pid\":"), "\(line)")
        #expect(line.hasSuffix(",\"parent_tgid\":\(getpid())}"), "\(line)")
        #expect(!lines.contains { $0.contains("\"process_tgid\":\(quiet),") }, "an exit of code 0 passed the nonzero-exit filter")
        for line in lines { #expect(line.hasPrefix("{\"event\":\"exit\",") || line.hasPrefix("{\"event\":\"overrun\""), "\(line)") }
    }

    @Test func refusalsAreOneLine() async throws {
        let namespace = try ScratchNamespace()
        let inNamespace = await nlctl(["-n", namespace.name, "monitor", "proc"])
        #expect(inNamespace.status == 1)
        #expect(inNamespace.standardOutput == "")
        #expect(inNamespace.standardError == "nlctl monitor proc: the process events connector lives in the initial network namespace only: Connection refused\n")
        let unprivileged = await run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", nlctlPath, "monitor", "proc"])
        #expect(unprivileged.status == 1)
        #expect(unprivileged.standardError == "nlctl monitor proc: joining the process events group (CN_IDX_PROC) needs CAP_NET_ADMIN: Operation not permitted\n")
        let unknown = await nlctl(["monitor", "proc", "forks"])
        #expect(unknown.status == 255)
        #expect(unknown.standardError == "Argument \"forks\" is unknown, try \"nlctl monitor proc help\".\n")
    }
}
