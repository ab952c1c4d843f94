import Glibc
import Testing

/// `-4 monitor` and `-6 monitor`: the groups ip 6.1 joins for that family only (addresses, routes,
/// rules, netconf) and the neighbours of that family only, next to ip's lines for the same changes.
@Suite("nlctl -4/-6 monitor vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct MonitorFamilyTests {
    @Test(arguments: ["-4", "-6"])
    func sameLinesAsIP(_ family: String) async throws {
        let namespace = try ScratchNamespace()
        let base = "/tmp/nlctl-monitor-family-\(getpid())-\(family)"
        defer { unlink(base + ".ip"); unlink(base + ".nl") }
        let ipPid = MonitorTests.spawn(["ip", "-n", namespace.name, family, "monitor"], output: base + ".ip")
        let nlPid = MonitorTests.spawn([nlctlPath, "-n", namespace.name, family, "monitor"], output: base + ".nl")
        var stopped = false
        defer { if !stopped { MonitorTests.stop(ipPid); MonitorTests.stop(nlPid) } }
        try await Task.sleep(for: .milliseconds(700))
        for step in [
            "link add m0 type ifb", "link set m0 up", "addr add 192.0.2.1/24 dev m0", "addr add 2001:db8::1/64 dev m0 nodad",
            "route add 10.9.0.0/16 dev m0", "-6 route add 2001:db8:9::/48 dev m0", "neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev m0",
            "neigh add 2001:db8::9 lladdr 02:00:00:00:00:09 dev m0", "rule add pref 100 table 100", "-6 rule add pref 100 table 100",
        ] { try await namespace.ip(step) }
        try await Task.sleep(for: .milliseconds(700))
        MonitorTests.stop(ipPid)
        MonitorTests.stop(nlPid)
        stopped = true
        let quiet = { (text: String) in
            text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("Error: Peer netns reference is invalid") }.joined(separator: "\n")
        }
        let expected = quiet(MonitorTests.contents(base + ".ip")), actual = quiet(MonitorTests.contents(base + ".nl"))
        #expect(actual == expected)
        #expect(expected.contains(family == "-4" ? "192.0.2.9" : "2001:db8::9"))
        #expect(!actual.contains(family == "-4" ? "2001:db8" : "192.0.2."), "\(actual)")
    }
}
