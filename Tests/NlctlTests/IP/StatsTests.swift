import Testing

/// `nlctl stats show ... group link` against `ip stats show` (iproute2 6.1) on the same namespace,
/// after traffic on its loopback (IPv6 off, so nothing else moves the counters between the runs).
@Suite("nlctl stats vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct StatsTests {
    static let commands = [
        "stats show group link", "stats show dev lo group link", "stats show dev va group link",
        "-s stats show dev lo group link", "-s -s stats show group link", "-j stats show group link",
        "-j -p -s stats show dev lo group link", "stats sh dev lo group link group link",
        // Errors.
        "stats show dev nope group link", "stats show group foo", "stats show dev lo group link subgroup x",
        "stats show dev", "stats foo", "stats show dev lo dev va group link",
    ]

    @Test func sameAsIP() async throws {
        let namespace = try ScratchNamespace()
        let setup = [
            ["ip", "netns", "exec", namespace.name, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1"],
            ["ip", "netns", "exec", namespace.name, "sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1"],
            ["ip", "-n", namespace.name, "link", "set", "lo", "up"],
            ["ip", "-n", namespace.name, "link", "add", "va", "type", "veth", "peer", "name", "vb"],
            ["ip", "-n", namespace.name, "tuntap", "add", "mode", "tap", "name", "tp0"],
            // 20 UDP datagrams to a closed port on loopback (each answered by an ICMP error).
            ["ip", "netns", "exec", namespace.name, "python3", "-c",
             "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\nfor i in range(20): s.sendto(b'x'*(100+i),('127.0.0.1',9))"],
        ]
        for step in setup {
            let result = await run(step)
            try #require(result.status == 0, "\(step): \(result)")
        }
        for command in Self.commands {
            await expectSameAsIP(command, in: namespace)
        }
        // The loopback counters really moved (the comparison is not of zeros only).
        let shown = await nlctl(["-n", namespace.name, "-j", "stats", "show", "dev", "lo", "group", "link"])
        #expect(shown.standardOutput.contains("\"packets\":40"), "\(shown)")
    }

    /// What nlctl does not implement says so (exit 1), never prints a partial answer.
    @Test func unimplementedGroups() async throws {
        let namespace = try ScratchNamespace()
        for command in ["stats", "stats show", "stats show group xstats", "stats show dev lo group offload", "stats set dev lo l3_stats on"] {
            let result = await nlctl(["-n", namespace.name] + command.split(separator: " ").map(String.init))
            #expect(result.status == 1, "\(command)")
            #expect(result.standardOutput.isEmpty, "\(command)")
            #expect(result.standardError.contains("not implemented"), "\(command)")
        }
        let help = await nlctl(["stats", "--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("group"))
    }
}
