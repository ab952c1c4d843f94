import Glibc
import Testing

/// `-c`, `-color[=always|auto|never]` against ip 6.1 on one namespace read by both tools: the
/// same escape sequences around the same fields (names, hardware addresses, IPv4 and IPv6
/// addresses, operational states) in every object that colours, the dark palette under
/// `COLORFGBG`, none under `-j`, `never`, or `auto` into a pipe.
@Suite("nlctl -color vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct ColorTests {
    static let setup = [
        "link set lo up", "link add va address 02:00:00:00:05:01 type veth peer name vb address 02:00:00:00:05:02",
        "link set va up", "link set vb up", "link add br0 address 02:00:00:00:05:03 type bridge", "link set vb master br0",
        "addr add 192.0.2.1/24 brd + dev va", "addr add 10.1.1.1 peer 10.1.1.2/32 dev va", "addr add 2001:db8::1/64 dev va nodad",
        "route add 198.51.100.0/24 via 192.0.2.2 src 192.0.2.1", "route add 203.0.113.0/24 nexthop via 192.0.2.3 nexthop via 192.0.2.4",
        "route add 2001:db8:5::/48 via 2001:db8::2", "route add 10.9.0.0/16 encap ip id 7 dst 192.0.2.9 dev va",
        "route add 10.8.0.0/16 from 192.0.2.0/24 dev va", "route add default via 192.0.2.254",
        "neigh add 192.0.2.7 lladdr 02:00:00:00:05:07 dev va", "neigh add 2001:db8::7 lladdr 02:00:00:00:05:08 dev va",
        "rule add from 192.0.2.0/24 to 198.51.100.0/24 iif va oif vb table 10", "-6 rule add from 2001:db8::/32 table 11",
        "addrlabel add prefix 2001:db8:9::/48 dev va label 99", "maddr add 01:00:5e:01:02:03 dev va",
    ]

    static let commands = [
        "-c link", "-c link show va", "-c address", "-c -4 address", "-c -6 address show dev va", "-c route", "-c -6 route",
        "-c route show table all", "-c route get 198.51.100.5", "-c neigh", "-c -br link", "-c -br address", "-c -o link",
        "-c -o address", "-c rule", "-c -6 rule", "-c addrlabel", "-c maddr", "-c netconf show dev va", "-c ntable show dev va",
        "-c stats show dev va group link", "-c -br neigh", "-c -d link show br0",
        "-color link", "-color=always address", "-col=always route", "-c=never link", "-color=auto link", "-color=auto address",
        "-c -j link", "-c -j address", "-c -j route", "-c=frob link",
    ]

    @Test func sameAsIP() async throws {
        let namespace = try ScratchNamespace()
        for step in Self.setup { try await namespace.ip(step) }
        for environment in ["", "COLORFGBG='15;0'", "COLORFGBG='0;15'", "COLORFGBG='default;default;8'"] {
            for command in Self.commands { try await expectSameAsIPSettling(command, in: namespace, environment: environment) }
        }
        // The comparison saw colour (cyan names, green UP, magenta IPv4, blue IPv6; bold when dark).
        let shown = await nlctl(["-n", namespace.name, "-c", "address", "show", "dev", "va"])
        #expect(shown.standardOutput.contains("\u{1B}[36mva@vb: \u{1B}[0m"), "\(shown)")
        #expect(shown.standardOutput.contains("state \u{1B}[32mUP \u{1B}[0m"), "\(shown)")
        #expect(shown.standardOutput.contains("\u{1B}[35m192.0.2.1\u{1B}[0m/24"), "\(shown)")
        #expect(shown.standardOutput.contains("\u{1B}[34m2001:db8::1\u{1B}[0m/64"), "\(shown)")
        let dark = await run(["sh", "-c", "COLORFGBG='15;0' \(nlctlPath) -n \(namespace.name) -c link show va"])
        #expect(dark.standardOutput.contains(": \u{1B}[1;36mva@vb: \u{1B}[0m"), "\(dark)")
    }
}
