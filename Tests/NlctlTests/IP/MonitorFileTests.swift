import Glibc
import KernelFeatures
import Testing

/// `nlctl monitor file FILE` next to `ip monitor file FILE`: the messages `rtmon` recorded in a
/// namespace while it changed (its timestamps, links, addresses, routes, neighbours, rules,
/// nexthops, a bridge port's own notifications, a feature-change event, deletions), printed alike
/// with `label`, `-d`, `-s`, `-o`, read from the same namespace (ip names the indexes the file
/// has not described from the namespace's kernel, as nlctl does); and the file errors.
@Suite("nlctl monitor file vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct MonitorFileTests {
    @Test func recordedChangesSameAsIP() async throws {
        guard access("/usr/sbin/rtmon", X_OK) == 0 || access("/sbin/rtmon", X_OK) == 0 else {
            Issue.record("rtmon (iproute2) is not installed: nothing records the messages")
            return
        }
        let namespace = try ScratchNamespace()
        for step in ["link set lo up", "link add va type veth peer name vb", "link add br0 type bridge", "link set va master br0",
                     "addr add 192.0.2.1/24 dev va", "neigh add 192.0.2.7 lladdr 00:11:22:33:44:55 dev va"] {
            try await namespace.ip(step)
        }
        let file = "/tmp/nlctl-rtmon-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(file); unlink(file + ".out") }
        let recorder = MonitorTests.spawn(["ip", "netns", "exec", namespace.name, "rtmon", "file", file], output: file + ".out")
        var stopped = false
        defer { if !stopped { MonitorTests.stop(recorder) } }
        try await Task.sleep(for: .milliseconds(500))
        for step in ["link set va up", "link set vb up", "route add 10.1.0.0/16 via 192.0.2.2", "rule add from 10.0.0.0/8 table 5",
                     "nexthop add id 4 via 192.0.2.3 dev va", "addr add 2001:db8::1/64 dev va nodad", "addr del 192.0.2.1/24 dev va",
                     "link set br0 up", "link del vb"] {
            try await namespace.ip(step)
        }
        try await Task.sleep(for: .milliseconds(500))
        MonitorTests.stop(recorder)
        stopped = true
        for options in [[], ["label"], ["-d"], ["-s", "-d"], ["-o", "label"], ["f"]] {
            let global = options.filter { $0.hasPrefix("-") }, local = options.filter { !$0.hasPrefix("-") && $0 != "f" }
            let fileWord = options.contains("f") ? "f" : "file"
            let arguments = ["-n", namespace.name] + global + ["monitor"] + local + [fileWord, file]
            let expected = await run(["ip"] + arguments)
            let actual = await nlctl(arguments)
            #expect(actual == expected, "monitor \(options): \(actual) against \(expected)")
            #expect(expected.standardOutput.contains("Timestamp: ") && expected.standardOutput.contains("Deleted "), "\(expected)")
        }
    }

    /// A message ip does not know, NLMSG_DONE/ERROR skipped, a cloned route left out, a truncated
    /// file, a malformed length, a missing file.
    @Test func oddFilesSameAsIP() async throws {
        let namespace = try ScratchNamespace()
        func message(_ type: UInt16, flags: UInt16 = 0, _ payload: [UInt8]) -> [UInt8] {
            withUnsafeBytes(of: UInt32(16 + payload.count)) { Array($0) } + withUnsafeBytes(of: type) { Array($0) }
                + withUnsafeBytes(of: flags) { Array($0) } + [UInt8](repeating: 0, count: 8) + payload
        }
        let route: [UInt8] = [2, 16, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0, 8, 0, 1, 0, 10, 1, 0, 0]
        var cloned = route
        cloned[8] = 0x00; cloned[9] = 0x02   // rtm_flags RTM_F_CLONED (0x200)
        let cases: [(String, [UInt8])] = [
            ("unknown", message(200, flags: 3, [1, 2, 3, 4]) + message(24, route)),
            ("done-error", message(3, [0, 0, 0, 0]) + message(2, [UInt8](repeating: 0, count: 20)) + message(24, route)),
            ("cloned", message(24, cloned) + message(24, route)),
            ("truncated", message(24, route) + [1, 2, 3]),
            ("short-payload", Array(message(24, route).dropLast(4))),
            ("malformed", message(24, route) + withUnsafeBytes(of: UInt32(8)) { Array($0) } + [UInt8](repeating: 0, count: 12)),
            ("huge", withUnsafeBytes(of: UInt32(20_000)) { Array($0) } + [UInt8](repeating: 0, count: 12)),
        ]
        for (name, bytes) in cases {
            let file = "/tmp/nlctl-monitor-file-\(getpid())-\(name)"
            defer { unlink(file) }
            #expect(writeWholeFile(file, bytes: bytes))
            let expected = await run(["ip", "-n", namespace.name, "monitor", "file", file])
            let actual = await nlctl(["-n", namespace.name, "monitor", "file", file])
            #expect(actual == expected, "\(name): \(actual) against \(expected)")
        }
        let missing = ["-n", namespace.name, "monitor", "file", "/nonexistent/nlctl-\(getpid())"]
        let expected = await run(["ip"] + missing)
        let actual = await nlctl(missing)
        #expect(actual == expected, "\(actual) against \(expected)")
    }
}
