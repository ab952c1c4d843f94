import Glibc
import Testing

/// A veth whose peer lives in a named namespace: `link-netns NAME` where ip prints it (link and
/// address lists, `-d`, `-o`, the monitor), `link_netnsid` in JSON, resolved through the IDs this
/// namespace gives the names of /run/netns, as ip's netns map does.
@Suite("nlctl link-netns vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct LinkNetnsTests {
    @Test func peerInNamedNamespace() async throws {
        let here = try ScratchNamespace(), there = try ScratchNamespace()
        try await here.ip("link add x0 type veth peer name x1 netns \(there.name)")
        try await here.ip("addr add 192.0.2.1/24 dev x0")
        // ip prints errors for names of other tests' namespaces that are going away meanwhile.
        let quiet = { (text: String) in
            text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("Error: Peer netns reference is invalid") }.joined(separator: "\n")
        }
        for command in ["link", "link show x0", "-d link show x0", "-o link", "address", "-j link show x0", "-br link", "-s link show x0"] {
            let words = command.split(separator: " ").map(String.init)
            let expected = await run(["ip", "-n", here.name] + words)
            let actual = await nlctl(["-n", here.name] + words)
            #expect(actual.status == expected.status, "\(command)")
            #expect(actual.standardOutput == expected.standardOutput, "\(command)")
            #expect(quiet(actual.standardError) == quiet(expected.standardError), "\(command)")
        }
        let shown = await nlctl(["-n", here.name, "link", "show", "x0"])
        #expect(shown.standardOutput.contains(" link-netns \(there.name)\n"), "\(shown)")

        let base = "/tmp/nlctl-linknetns-\(getpid())"
        defer { unlink(base + ".ip"); unlink(base + ".nl") }
        let ipPid = MonitorTests.spawn(["ip", "-n", here.name, "monitor", "link"], output: base + ".ip")
        let nlPid = MonitorTests.spawn([nlctlPath, "-n", here.name, "monitor", "link"], output: base + ".nl")
        try await Task.sleep(for: .milliseconds(700))
        try await here.ip("link set x0 mtu 1400")
        try await Task.sleep(for: .milliseconds(700))
        MonitorTests.stop(ipPid)
        MonitorTests.stop(nlPid)
        let expected = quiet(MonitorTests.contents(base + ".ip")), actual = quiet(MonitorTests.contents(base + ".nl"))
        #expect(actual == expected)
        #expect(actual.contains("link-netns \(there.name)"), "\(actual)")
    }
}
