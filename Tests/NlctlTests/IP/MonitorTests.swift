import KernelFeatures
import Glibc
import Testing

/// `nlctl monitor` next to `ip monitor` on the same namespace, for the same changes (links, addresses,
/// netconf, neighbours, rules, routes): identical lines; `-j` gives one JSON object per line.
@Suite("nlctl monitor vs ip monitor", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct MonitorTests {
    /// Starts a program in the background with its output in a file; returns its pid.
    static func spawn(_ arguments: [String], output path: String) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The test runner's threads may block or ignore signals; children inherit that, so reset both,
        // or SIGTERM would not stop them.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        for p in argv { free(p) }
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
        return pid
    }

    /// Stops a monitor: SIGTERM, then SIGKILL if it is still there after a second (both flush per event).
    static func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<20 {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(50_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }

    static func contents(_ path: String) -> String { NameFile.read(path) }

    @Test(arguments: [["link", "address"], ["label", "link"], ["all"], ["link", "dev", "m1"]])
    func sameLinesAsIP(_ arguments: [String]) async throws {
        let namespace = try ScratchNamespace()
        if arguments.contains("dev") { try await namespace.ip("link add m1 type ifb") }
        let base = "/tmp/nlctl-monitor-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let ipPid = Self.spawn(["ip", "-n", namespace.name, "monitor"] + arguments, output: base + ".ip")
        let nlPid = Self.spawn([nlctlPath, "-n", namespace.name, "monitor"] + arguments, output: base + ".nl")
        let jsonPid = Self.spawn([nlctlPath, "-n", namespace.name, "-j", "monitor"] + arguments, output: base + ".json")
        defer {
            for suffix in [".ip", ".nl", ".json"] { unlink(base + suffix) }
        }
        // Stopped below once the steps are done; here if a step throws (a monitor left running would
        // outlive the test run).
        var stopped = false
        defer { if !stopped { for pid in [ipPid, nlPid, jsonPid] { Self.stop(pid) } } }
        try await Task.sleep(for: .milliseconds(700))
        var steps = ["link add m0 type ifb", "link set m0 up", "addr add 192.0.2.1/24 dev m0", "link set m0 mtu 1400",
                     "link set m1 mtu 1300", "addr del 192.0.2.1/24 dev m0", "link del m0"].filter { !$0.contains("m1") || arguments.contains("dev") }
        if arguments == ["all"] {
            steps += ["link set lo up", "link add v0 type veth peer name v1", "link set v0 up", "addr add 198.51.100.1/24 dev v0",
                      "neigh add 198.51.100.7 lladdr 02:00:00:00:00:07 dev v0", "neigh del 198.51.100.7 dev v0",
                      "rule add pref 100 table 100", "rule del pref 100", "route add blackhole 203.0.113.0/24",
                      "route add 10.9.0.0/16 via 198.51.100.254 metric 7", "link set v0 down", "link del v0"]
        }
        for step in steps { try await namespace.ip(step) }
        try await Task.sleep(for: .milliseconds(700))
        for pid in [ipPid, nlPid, jsonPid] { Self.stop(pid) }
        stopped = true
        // ip monitor resolves the names of every namespace in /run/netns at start; one that another
        // test is deleting at that moment makes it print this error: not an event, not compared.
        let expected = Self.contents(base + ".ip").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("Error: Peer netns reference is invalid") }.joined(separator: "\n")
        let actual = Self.contents(base + ".nl")
        #expect(actual == expected)
        #expect(!expected.isEmpty)
        var objects = 0
        for line in Self.contents(base + ".json").split(separator: "\n") {
            #expect(line.hasPrefix("{\"event\":\"") && line.hasSuffix("}"), "\(line)")
            objects += 1
        }
        #expect(objects > 0)
    }
}

/// Reads a whole file.
enum NameFile {
    static func read(_ path: String) -> String { readWholeFile(path) ?? "" }
}
