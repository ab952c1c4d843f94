import Glibc
import Testing

/// `nlctl rule` against `ip rule` (iproute2 6.1): show commands on the same namespace byte for byte
/// (tabs included); changes replayed on two namespaces give the same rules; failures the same
/// message and exit status.
@Suite("RuleCommandTests: nlctl rule vs ip rule", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct RuleCommandTests {
    static let configuration = [
        "link add v0 type veth peer name v1",
        "rule add not from 10.1.0.0/16 iif v0 fwmark 0x10/0xff lookup 1000 pref 100 proto static",
        "rule add from 192.0.2.0/24 to 198.51.100.0/24 oif v1 table main pref 200",
        "rule add uidrange 100-200 sport 1000-2000 dport 80 ipproto tcp prohibit pref 300",
        "rule add fwmark 5 suppress_prefixlength 0 table 10 pref 400",
        "rule add goto 32766 pref 500",
        "rule add nop pref 600",
        "rule add blackhole pref 700",
        "rule add unreachable iif lo pref 800",
        "rule add from all lookup 7",
        "rule add tos 0x10 table 8 pref 900",
        "rule add realms 3 table 11 pref 1000",
        "rule add realms 2/3 table 11 pref 1001",
        "rule add dport 53 ipproto udp table 12 pref 1100",
        "rule add iif nope pref 1300",
        "rule add oif nope2 pref 1301",
        "rule add goto 7777 pref 1302",
        "rule add from 192.0.2.1 to 192.0.2.2/32 pref 1303 table 5",
        "rule add pref 1305 dsfield 0x04 table 5",
        "rule add pref 1306 protocol 77 table 5",
        "rule add pref 1307 priority 1308 table 5",
        "rule add pref 1400 tun_id 42 table 5",
        "rule add pref 1401 suppress_ifgroup 3 table 5",
        "rule add pref 1402 ipproto 200 table 100000",
        "rule add fwmark 0x5/0 pref 1500",
        "rule add fwmark 0/0xf0 pref 1501",
        "-6 rule add from 2001:db8::/32 table 9 pref 50",
        "-6 rule add to 2001:db8::1 iif v0 sport 22 prohibit pref 51",
        "-6 rule add not fwmark 7 uidrange 0-0 table local pref 52",
    ]

    static let commands = [
        "rule", "rule show", "rule list", "rule lst", "ru", "-4 rule", "-6 rule", "-d rule", "-d -6 rule", "-N rule", "-N -j rule", "-N -d -6 rule", "-s rule", "-o rule",
        "-j rule", "-j -p rule", "-j -6 rule", "-j -p -6 rule", "-j -d rule",
        "rule show table main", "rule show lookup 5", "rule show table 100000", "rule show pref 100", "rule show priority 1308",
        "rule show from 10.1.0.0/16", "rule show from 192.0.2.1", "rule show to 198.51.100.0/24", "rule show iif v0", "rule show oif v1",
        "rule show fwmark 0x10/0xff", "rule show fwmark 5", "rule show fwmark 5/0", "rule show fwmark 0x5/0xffffffff", "rule show fwmark 0/0xf0", "rule show fwmark 0", "rule show not", "rule show tos 0x10", "rule show uidrange 100-200",
        "rule show ipproto udp", "rule show sport 1000-2000", "rule show dport 53", "-6 rule show from 2001:db8::/32",
        "-6 rule show iif v0", "rule show protocol static", "rule show from all", "-j rule show pref 400", "rule show help", "rule show dport x", "rule show sport x",
        // failures
        "rule show frob", "rule show pref abc", "rule show table nosuch", "rule show fwmark zz", "rule show from 300.1.1.1",
        "-6 rule show from 10.0.0.0/8", "rule show iif", "rule frob",
    ]

    @Test(arguments: commands)
    func sameAsIP(_ command: String) async throws {
        let namespace = try ScratchNamespace()
        for step in Self.configuration { try await namespace.ip(step) }
        await expectSameAsIP(command, in: namespace)
    }

    static let scripts: [[String]] = [
        [
            "rule add not from 10.1.0.0/16 iif v0 fwmark 0x10/0xff lookup 1000 pref 100 proto static",
            "rule add not from 10.1.0.0/16 iif v0 fwmark 0x10/0xff lookup 1000 pref 100 proto static",
            "rule add from 192.0.2.0/24 to 198.51.100.0/24 oif v1 table main", "rule add from 192.0.2.0/24 to 198.51.100.0/24 oif v1 table main",
            "rule add uidrange 100-200 sport 1000-2000 dport 80 ipproto tcp prohibit pref 300", "rule add blackhole",
            "rule add fwmark 5 suppress_prefixlength 0 table 10 order 400", "rule add goto 32766 pref 500", "rule add nop",
            "rule add table 100000 priority 20", "rule add tos 0x10 table 8", "rule add realms 2/3 table 11",
            "rule del pref 300", "rule del pref 300", "rule delete from 192.0.2.0/24", "rule del table 100000",
        ],
        [
            "-6 rule add from 2001:db8::/32 table 9 pref 50", "-6 rule add to 2001:db8::1 iif v0 sport 22 prohibit",
            "-6 rule add not fwmark 7 uidrange 0-0 table local", "-6 rule del from 2001:db8::/32", "-6 rule del from 2001:db8::/32",
            "-6 rule add unreachable pref 7", "rule add to 2001:db8::1", "-6 rule add from 10.0.0.0/8",
        ],
        [
            "rule add pref 100 table 5", "rule add from 10.0.0.0/8 table 6", "-6 rule add to 2001:db8::/32 table 7",
            "rule add fwmark 3 table 8", "rule flush", "-6 rule flush",
        ],
        [
            "rule add pref 0 table 5", "rule del pref 0", "rule add pref 0 table 5", "rule add type blackhole pref 5",
            "rule add unicast pref 6", "rule add throw pref 7", "rule add nat 1.2.3.4 pref 8", "rule add lookup 5 dsfield 0x22 pref 9",
            "rule add l3mdev pref 10", "rule add table 300 sport 5-1 pref 11", "rule add uidrange 5-3 pref 12",
            "rule add goto 13 pref 12", "rule add p 50", "rule add ta 5 pref 51", "rule add lookup default pref 52 from 10.0.0.1/32",
            "rule add to 10.0.0.0/8 from 10.0.0.0/8 pref 53 not fwmark 0xffffffff/0xffffffff", "rule del pref 52",
        ],
        [
            "rule add pref 100 table 5", "rule add pref 101 table 6", "rule add pref 102 table 5", "rule flush table 5",
        ],
        // failures
        [
            "rule del pref 4444", "rule del from 1.2.3.4", "rule add from 300.1.1.1", "rule add from 10.0.0.0/33",
            "rule add pref abc", "rule add fwmark zz", "rule add fwmark 1/zz", "rule add fwmark zz/5", "rule add table nosuch", "rule add uidrange 5",
            "rule add sport abc", "rule add frob", "rule add ipproto nosuch", "rule add protocol nosuch", "rule add iif",
            "rule add goto", "rule add goto x", "rule add suppress_prefixlength x", "rule add pref 1304 tos lowdelay table 5",
            "rule add table 20 l3mdev pref 1200", "rule add realms x", "rule add", "rule del", "rule delete",
            "rule add iif averyveryverylongname", "rule add oif a/b", "rule add suppress_prefixlength -1 table 5 pref 60",
        ],
    ]

    @Test(arguments: scripts)
    func sameChangesAsIP(_ script: [String]) async throws {
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for namespace in [withIP, withNlctl] { try await namespace.ip("link add v0 type veth peer name v1") }
        for command in script {
            await expectSameAsIP(command, ip: withIP, nlctl: withNlctl,
                           errorText: { $0.replacingIP().replacing("\"ip rule", with: "\"nlctl rule") })
        }
        for show in [["-d", "rule", "show"], ["-d", "-6", "rule", "show"], ["-j", "rule"], ["-j", "-6", "rule"]] {
            let expected = await run(["ip", "-n", withIP.name] + show).standardOutput
            let actual = await run(["ip", "-n", withNlctl.name] + show).standardOutput
            #expect(actual == expected, "\(show)")
        }
    }
}

/// `nlctl rule save | restore`: the same binary stream as `ip rule save`, and restoring either one
/// with either tool gives the same rules.
@Suite("RuleCommandTests: nlctl rule save/restore vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct RuleCommandTestsSaveRestore {
    @Test func saveAndRestore() async throws {
        let source = try ScratchNamespace()
        for step in ["rule add from 10.0.0.0/8 table 5 pref 100", "rule add fwmark 3 uidrange 1-2 table 6", "rule add not iif lo prohibit"] {
            try await source.ip(step)
        }
        let directory = "/tmp/nlctl-rule-save-\(getpid())"
        _ = await run(["mkdir", "-p", directory])
        defer { _ = runBlocking(["rm", "-rf", directory]) }
        let ipSave = await run(["sh", "-c", "ip -n \(source.name) rule save > \(directory)/ip"])
        let nlctlSave = await run(["sh", "-c", "\(nlctlPath) -n \(source.name) rule save > \(directory)/nlctl"])
        #expect(ipSave.status == 0 && nlctlSave.status == 0)
        let sizes = await run(["sh", "-c", "wc -c < \(directory)/ip; wc -c < \(directory)/nlctl"]).standardOutput.split(separator: "\n")
        #expect(sizes.count == 2 && sizes[0] == sizes[1], "\(sizes)")
        // ip restores the ip stream; nlctl restores both: the rules must match.
        let byIP = try ScratchNamespace()
        let byNlctl = try ScratchNamespace()
        let byNlctlFromOwn = try ScratchNamespace()
        #expect(await run(["sh", "-c", "ip -n \(byIP.name) rule restore < \(directory)/ip"]).status == 0)
        #expect(await run(["sh", "-c", "\(nlctlPath) -n \(byNlctl.name) rule restore < \(directory)/ip"]).status == 0)
        #expect(await run(["sh", "-c", "\(nlctlPath) -n \(byNlctlFromOwn.name) rule restore < \(directory)/nlctl"]).status == 0)
        let expected = await run(["ip", "-n", byIP.name, "rule"]).standardOutput
        let restoredByNlctl = await run(["ip", "-n", byNlctl.name, "rule"]).standardOutput
        let restoredFromOwn = await run(["ip", "-n", byNlctlFromOwn.name, "rule"]).standardOutput
        #expect(restoredByNlctl == expected)
        #expect(restoredFromOwn == expected)
        // Failures: arguments to save, a stream without the magic number.
        for (ipCommand, nlctlCommand) in [
            ("ip -n \(source.name) rule save pref 100", "\(nlctlPath) -n \(source.name) rule save pref 100"),
            ("echo garbage | ip -n \(source.name) rule restore", "echo garbage | \(nlctlPath) -n \(source.name) rule restore"),
            ("ip -n \(source.name) rule restore < /dev/null", "\(nlctlPath) -n \(source.name) rule restore < /dev/null"),
        ] {
            let expected = await run(["sh", "-c", ipCommand])
            let actual = await run(["sh", "-c", nlctlCommand])
            #expect(actual.status == expected.status, "\(nlctlCommand)")
            #expect(actual.standardError == expected.standardError.replacing("\"ip rule", with: "\"nlctl rule"), "\(nlctlCommand)")
        }
    }
}
