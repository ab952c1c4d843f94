import Testing

/// `nlctl stats` against `ip stats` (iproute2 6.1): `group link` on the same namespace after
/// traffic on its loopback (IPv6 off, so nothing else moves the counters between the runs), every
/// other group, and `stats set`.
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

    /// Every group of ip 6.1's tree on one namespace read by both tools: a bridge, its port, IGMP
    /// reports counted by its snooping, the L3 hardware statistics asked for on a veth (so
    /// `l3_stats` prints its counters), selections pushed and merged, the print order, refusals.
    @Test func groupsSameAsIP() async throws {
        let namespace = try ScratchNamespace()
        try await makeBridgeWithCountedJoin(namespace, extra: ["stats set dev vb l3_stats on"])
        let commands = [
            "stats", "stats show", "stats show dev va", "-j stats show dev va", "-j -p stats show dev br0", "stats show group offload",
            "stats show dev vb group offload subgroup l3_stats", "-j stats show dev vb group offload", "stats show group xstats",
            "stats show group xstats_slave subgroup bridge", "stats show dev va group xstats_slave subgroup bridge suite stp",
            "-j stats show dev va group xstats_slave subgroup bridge suite mcast", "stats show group xstats subgroup bond",
            "stats show group afstats", "stats show group link group offload subgroup cpu_hit", "stats show group offload group link",
            "stats show group link group link", "-o stats show dev va", "-d stats show dev va group link",
            "stats show frob", "stats show subgroup x", "stats show group xstats subgroup bridge suite zz", "stats show group xstats suite zz",
            "stats show group", "stats help", "stats show help", "stats show dev a/b",
        ]
        for command in commands { try await expectSameAsIPSettling(command, in: namespace, object: "stats") }
        let l3 = await nlctl(["-n", namespace.name, "stats", "show", "dev", "vb", "group", "offload", "subgroup", "l3_stats"])
        #expect(l3.standardOutput.contains(" on used "), "\(l3)")
        let help = await nlctl(["stats", "--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("GROUP := { link | xstats | xstats_slave | offload | afstats }"))
    }

    /// `stats set` on twin namespaces: the L3 statistics asked for and stopped, ip's refusals.
    @Test func setSameAsIP() async throws {
        try await expectSameStepsAsIP([
            "link add va type veth peer name vb", "stats set dev va l3_stats on", "stats show dev va group offload",
            "-j stats show dev va group offload subgroup hw_stats_info", "stats set dev va l3_stats off", "stats show dev va group offload",
            "stats set dev va l3_stats maybe", "stats set dev va", "stats set l3_stats on", "stats set dev nope l3_stats on",
            "stats set dev va l3_stats on l3_stats off", "stats set frob", "stats set help", "stats set dev va dev vb l3_stats on",
        ], object: "stats")
    }
}
