import Glibc
import Testing

/// `nlctl mptcp` against `ip mptcp`: the same sequence of commands on two namespaces configured
/// alike, one for each tool — outputs, errors and exit statuses byte for byte after each step.
/// (`monitor` runs until stopped: it has a test of its own, with connections.)
@Suite("nlctl mptcp vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct MPTCPCommandTests {
    static let setup = [
        "link set lo up", "address add 10.0.0.1/32 dev lo", "address add 10.0.0.2/32 dev lo", "address add fd00::1/128 dev lo",
        "link add d0 type veth peer name d1",
    ]

    static let steps = [
        "mptcp", "mptcp help", "mptcp foo", "mptcp endpoint", "mptcp limits", "mptcp limits show", "-j mptcp limits",
        "mptcp endpoint add 10.0.0.1 signal", "mptcp endpoint add 10.0.0.2 dev d0 subflow backup id 7",
        "mptcp endpoint add fd00::1 signal port 8080", "mptcp endpoint add 10.0.0.1 signal fullmesh", "mptcp endpoint add 10.0.0.9 port 80",
        "mptcp endpoint add", "mptcp endpoint add 10.0.0.3 dev nosuch", "mptcp endpoint add 10.0.0.3 id 300", "mptcp endpoint add 10.0.0.3 frob",
        "mptcp endpoint add 10.0.0.3 dev", "mptcp endpoint add 10.0.0.3 dev abcdefghijklmnopq", "mptcp endpoint", "mptcp endpoint show",
        "-j mptcp endpoint show", "-j -p mptcp endpoint", "mptcp endpoint show id 7", "-j mptcp endpoint show id 1",
        "mptcp endpoint show id 99", "mptcp endpoint change id 7 nobackup", "mptcp endpoint change id 7 signal",
        "mptcp endpoint change id 7 port 5", "mptcp endpoint change 10.0.0.1 fullmesh", "mptcp endpoint", "mptcp endpoint delete",
        "mptcp endpoint delete id 7 10.0.0.2", "mptcp endpoint delete id 0", "mptcp endpoint delete id 7", "mptcp endpoint delete id 7",
        "mptcp endpoint foo", "mptcp e s", "mptcp limits set subflows 4 add_addr_accepted 3", "mptcp limits",
        "mptcp limits set subflows 99", "mptcp limits set foo", "mptcp limits set subflows x", "mptcp limits set subflows",
        "mptcp limits foo", "mptcp monitor x", "mptcp endpoint flush", "mptcp endpoint",
    ]

    @Test func sameAsIP() async throws {
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for step in Self.setup {
            try await withIP.ip(step)
            try await withNlctl.ip(step)
        }
        for command in Self.steps {
            let words = command.split(separator: " ").map(String.init)
            let expected = await run(["ip", "-n", withIP.name] + words)
            let actual = await nlctl(["-n", withNlctl.name] + words)
            #expect(actual.status == expected.status, "exit status of \(command)")
            let expectedError = expected.standardError.replacingIP().replacing("ip mptcp", with: "nlctl mptcp")
            #expect(actual.standardError == expectedError, "stderr of \(command)")
            #expect(actual.standardOutput == expected.standardOutput, "stdout of \(command)")
        }
    }

    /// `mptcp monitor` next to `ip mptcp monitor` on one namespace while MPTCP connections open and
    /// close over loopback (IPv4 and IPv6): the same lines.
    @Test func monitorSameLinesAsIP() async throws {
        let namespace = try ScratchNamespace()
        try await namespace.ip("link set lo up")
        let base = "/tmp/nlctl-mptcp-monitor-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let ipPid = MonitorTests.spawn(["ip", "-n", namespace.name, "mptcp", "monitor"], output: base + ".ip")
        let nlPid = MonitorTests.spawn([nlctlPath, "-n", namespace.name, "mptcp", "monitor"], output: base + ".nl")
        defer { for suffix in [".ip", ".nl"] { unlink(base + suffix) } }
        var stopped = false
        defer { if !stopped { for pid in [ipPid, nlPid] { MonitorTests.stop(pid) } } }
        try await Task.sleep(for: .milliseconds(700))
        let script = """
            import socket
            for family, address in ((socket.AF_INET, '127.0.0.1'), (socket.AF_INET6, '::1')):
                listener = socket.socket(family, socket.SOCK_STREAM, 262); listener.bind((address, 6001)); listener.listen()
                client = socket.socket(family, socket.SOCK_STREAM, 262); client.connect((address, 6001)); server, _ = listener.accept()
                client.send(b'x' * 10); server.recv(10); client.close(); server.close(); listener.close()
            """
        let made = await run(["ip", "netns", "exec", namespace.name, "python3", "-c", script])
        #expect(made.status == 0, "\(made)")
        try await Task.sleep(for: .milliseconds(700))
        for pid in [ipPid, nlPid] { MonitorTests.stop(pid) }
        stopped = true
        let expected = MonitorTests.contents(base + ".ip")
        let actual = MonitorTests.contents(base + ".nl")
        #expect(expected.contains("[   ESTABLISHED] token="), "\(expected)")
        #expect(expected.contains("saddr6=::1"), "\(expected)")
        #expect(actual == expected)
    }
}
