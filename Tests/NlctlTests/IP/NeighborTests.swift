import Glibc
import Testing

/// `nlctl neighbor` against `ip neigh` (iproute2 6.1): show commands on the same namespace byte for
/// byte; changes replayed on two namespaces give the same tables; failures the same message and status.
@Suite("NeighborCommandTests: nlctl neighbor vs ip neigh", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct NeighborCommandTests {
    /// A veth pair (ARP needs an up, non-NOARP link) and entries in states that do not age by themselves.
    static let configuration = [
        "link add v0 type veth peer name v1",
        "link set v0 up",
        "link set v1 up",
        "link add d0 type ifb",
        "neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev v0 nud permanent",
        "neigh add 192.0.2.3 lladdr 02:00:00:00:00:03 dev v0 nud stale",
        "neigh add 192.0.2.4 dev v0 nud noarp",
        "neigh add 198.51.100.7 lladdr 02:00:00:00:00:07 dev v1 nud permanent",
        "neigh add fe80::1 lladdr 02:00:00:00:00:01 dev v0 router nud stale",
        "neigh add 2001:db8::9 lladdr 02:00:00:00:00:09 dev v1 nud permanent",
        "neigh add proxy 2001:db8::5 dev v0",
        "neigh add proxy 192.0.2.9 dev v0",
        "neigh add 192.0.2.6 dev v0 nud incomplete",
        "neigh add 192.0.2.40 lladdr 02:00:00:00:00:40 dev v0 protocol static",
        "neigh add 192.0.2.43 lladdr 02:00:00:00:00:43 dev v0 extern_learn",
        "link add br0 type bridge",
        "link set v1 master br0",
    ]

    static let commands = [
        "neigh", "neighbour", "neighbor show", "neigh list", "n", "n sh", "neigh show nud all", "neigh show proxy",
        "neigh show dev v0", "neigh show dev v1", "neigh show dev d0", "neigh show to 192.0.2.0/30", "neigh show 192.0.2.2",
        "neigh show 2001:db8::/32", "neigh show to all", "neigh show nud stale", "neigh show nud permanent nud stale",
        "neigh show nud none", "neigh show nud incomplete", "neigh show proxy dev v0", "-4 neigh", "-6 neigh",
        "-4 neigh show proxy", "-6 neigh show proxy", "-j neigh", "-j -p neigh", "-j neigh show proxy", "-j neigh show dev v0",
        "-j -p -6 neigh show proxy", "-s neigh", "-j -s neigh", "-s -s neigh show dev v0", "-o neigh",
        "neigh get 192.0.2.2 dev v0", "-j neigh get 192.0.2.2 dev v0", "neigh get 2001:db8::9 dev v1",
        "neigh get proxy 2001:db8::5 dev v0", "neigh show protocol static", "-j neigh show protocol static",
        "neigh show master br0", "neigh show nomaster", "neigh show master v0", "neigh show unused",
        "neigh show vrf br0", "neigh show master nope", "neigh show protocol nosuch",
        "-br neigh", "-br neigh show proxy", "-j -br neigh", "-br neigh show dev v0", "-br -6 neigh show nud all",
        // the bridge's forwarding database (AF_BRIDGE), and families without neighbours
        "-f bridge neigh", "-B neigh", "-j -f bridge neigh", "-f bridge neigh show dev v1", "-f bridge neigh show nud permanent",
        "-f bridge neigh show nud all", "-f bridge neigh show proxy", "-0 neigh", "-M neigh", "-j -M neigh",
        // failures
        "neigh show nud bogus", "neigh show dev nope", "neigh show dev", "neigh show router", "neigh show garbage",
        "-4 neigh show 2001:db8::/32", "neigh show to", "neigh frob", "neigh get 192.0.2.77 dev v0", "neigh get 192.0.2.77",
        "neigh get 192.0.2.2 dev nope", "neigh show nud",
    ]

    @Test(arguments: commands)
    func sameAsIP(_ command: String) async throws {
        let namespace = try ScratchNamespace()
        guard await fixtureKindsPresent(Self.configuration) else { return }
        for step in Self.configuration { try await namespace.ip(step) }
        let words = command.split(separator: " ").map(String.init)
        // Multicast NOARP entries appear as the links come up: retry briefly until both agree.
        var expected = await run(["ip", "-n", namespace.name] + words)
        var actual = await nlctl(["-n", namespace.name] + words)
        for _ in 0..<5 where actual.standardOutput.maskingNeighborTimes() != expected.standardOutput.maskingNeighborTimes() {
            try await Task.sleep(for: .milliseconds(200))
            expected = await run(["ip", "-n", namespace.name] + words)
            actual = await nlctl(["-n", namespace.name] + words)
        }
        #expect(actual.standardOutput.maskingNeighborTimes() == expected.standardOutput.maskingNeighborTimes(), "stdout of \(command)")
        #expect(actual.standardError == expected.standardError.replacingIP(), "stderr of \(command)")
        #expect(actual.status == expected.status, "exit status of \(command)")
    }

    static let scripts: [[String]] = [
        [
            "neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev v0", "neigh add 192.0.2.3 lladdr 02:00:00:00:00:03 dev v0 nud stale",
            "neigh replace 192.0.2.3 lladdr 02:00:00:00:00:33 dev v0 nud permanent", "neigh change 192.0.2.2 lladdr 02:00:00:00:00:22 dev v0",
            "neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev v0", "neigh del 192.0.2.3 dev v0", "neigh del 192.0.2.3 dev v0",
        ],
        [
            "neigh add fe80::1 lladdr 02:00:00:00:00:01 dev v0 router nud stale", "-6 neigh add 2001:db8::1 lladdr 2:0:0:0:0:1 dev v1",
            "neigh replace 2001:db8::2 lladdr 02:00:00:00:00:02 dev v1 nud noarp", "neigh add proxy 2001:db8::5 dev v0",
            "neigh add proxy 192.0.2.9 dev v1", "neigh del proxy 192.0.2.9 dev v1", "neigh del proxy 192.0.2.9 dev v1",
            "neigh add to 192.0.2.10 lladdr 02:00:00:00:00:10 dev v0 nud reachable",
        ],
        [
            "neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev v0", "neigh add 192.0.2.3 lladdr 02:00:00:00:00:03 dev v0 nud stale",
            "neigh add 192.0.2.4 lladdr 02:00:00:00:00:04 dev v1 nud stale", "neigh add fe80::1 lladdr 02:00:00:00:00:01 dev v0 nud stale",
            "neigh add proxy 192.0.2.9 dev v1", "neigh add proxy 2001:db8::9 dev v1",
            "-s neigh flush dev v0", "-s neigh flush dev v0", "neigh flush", "-s -s neigh flush nud all dev v1",
            "-s neigh flush proxy", "-s neigh flush proxy", "neigh add 192.0.2.3 lladdr 02:00:00:00:00:03 dev v0 nud stale",
            "-j -s neigh flush dev v0", "neigh add 192.0.2.3 lladdr 02:00:00:00:00:03 dev v0 nud stale", "-j -s -s neigh flush dev v0",
            "-j -s neigh flush dev v0", "neigh add 192.0.2.3 lladdr 02:00:00:00:00:03 dev v0 nud stale", "-s -s neigh flush 192.0.2.3",
        ],
        [
            "neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev v0", "neigh add 198.51.100.3 lladdr 02:00:00:00:00:03 dev v0 nud stale",
            "neigh flush to 198.51.100.0/24", "-4 neigh flush nud permanent", "neigh add 192.0.2.5 lladdr 02:00:00:00:00:05 dev v0",
            "neigh flush all nud permanent",
        ],
        // failures
        [
            "neigh add 192.0.2.99 dev v0 lladdr zz", "neigh add 300.1.1.1 dev v0 lladdr 02:00:00:00:00:02",
            "neigh add 192.0.2.99 lladdr 02:00:00:00:00:02", "neigh add 192.0.2.99 lladdr 02:00:00:00:00:02 dev nope",
            "neigh del 192.0.2.77 dev v0", "neigh del 192.0.2.77", "neigh add", "neigh add 192.0.2.99 dev v0 nud bogus",
            "neigh change 192.0.2.78 lladdr 02:00:00:00:00:02 dev v0", "neigh add 192.0.2.99 lladdr 02:00:00:00:00:02 dev v0 garbage",
            "neigh add 192.0.2.98 dev v0", "neigh del proxy 192.0.2.77 dev v0", "neigh flush", "neigh add 192.0.2.1 lladdr",
            "-6 neigh add 192.0.2.1 lladdr 02:00:00:00:00:02 dev v0", "neigh add 192.0.2.1 lladdr 02:00:00:00:00:02 lladdr 02:00:00:00:00:03 dev v0",
            "neigh flush dev nope", "neigh flush nud bogus", "neigh add help", "neigh del", "neigh get",
            "neigh add help 192.0.2.50 lladdr 02:00:00:00:00:50 dev v0",
        ],
    ]

    @Test(arguments: scripts)
    func sameChangesAsIP(_ script: [String]) async throws {
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for namespace in [withIP, withNlctl] {
            for step in ["link add v0 type veth peer name v1", "link set v0 up", "link set v1 up"] { try await namespace.ip(step) }
        }
        for command in script {
            await expectSameAsIP(command, ip: withIP, nlctl: withNlctl, outputText: { $0.maskingNeighborTimes() })
        }
        // Each namespace hashes its neighbour table with its own seed: compare the entries, not their order.
        for show in [["neigh", "show"], ["-6", "neigh", "show"], ["neigh", "show", "proxy"], ["-4", "neigh", "show", "nud", "all"]] {
            let expected = await run(["ip", "-n", withIP.name] + show).standardOutput.split(separator: "\n").sorted()
            let actual = await run(["ip", "-n", withNlctl.name] + show).standardOutput.split(separator: "\n").sorted()
            #expect(actual == expected, "\(show)")
        }
    }
}

extension String {
    /// Masks what ages between two runs in `ip -s neigh`: times, reference counts and probes.
    func maskingNeighborTimes() -> String {
        var text = self
        text = text.replacing(#/ used \d+\/\d+\/\d+/#, with: " used T/T/T")
        text = text.replacing(#/ ref \d+/#, with: "")
        text = text.replacing(#/probes \d+ /#, with: "probes N ")
        text = text.replacing(#/"refcnt":\d+,/#, with: "")
        text = text.replacing(#/"used":\d+,"confirmed":\d+,"updated":\d+,"probes":\d+/#, with: "\"times\":0")
        return text
    }
}
