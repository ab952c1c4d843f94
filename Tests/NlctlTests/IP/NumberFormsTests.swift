import Glibc
import Testing

/// Numbers and IPv4 addresses as `ip` reads them (C's `strtoul` with base 0: `010` is octal,
/// `0x18` hexadecimal; `10.1` is 10.1.0.0; a length may be a dotted mask), and `ip neigh`'s
/// abbreviated keywords: each command run with ip in one namespace and with nlctl in another gives
/// the same output, errors and state, one command at a time and in a batch file.
@Suite("nlctl number and address forms vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct NumberFormsTests {
    static let setup = [
        "link set lo up", "link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02",
        "link set v0 up", "link set v1 up", "address add 192.0.2.1/24 dev v0",
    ]

    static let commands = [
        // Routes: octal, hexadecimal and short IPv4 forms; lengths in any base or as masks.
        "route add 010.1.2.3/32 dev v0", "route add 10.1.2.0/024 dev v0", "route add 10.1.16.0/024 dev v0",
        "route add 0x0a.2.2.0/0x18 dev v0", "route add 0X0B.2.2.0/24 dev v0", "route add 10.3/16 dev v0",
        "route add 11/8 dev v0", "route add 08.1.2.3/32 dev v0", "route add 12.0.0.0/255.255.0.0 dev v0",
        "route add 13.0.0.0/255.0.255.0 dev v0", "route add +14.1.2.3/32 dev v0", "route add 15.1.2.3/-0 dev v0",
        "route add 0x.1.2.3/32 dev v0", "route add 016.0.0.0/8 dev v0", "route add 1.2.3.4.5/32 dev v0",
        "route add 18.1.2.3/33 dev v0", "route add 019.1.2.3 dev v0", "route add 20.1.2.3/ dev v0",
        "route add 21.1.2.3/4294967296 dev v0", "route add 22.1.2.3/08 dev v0", "route add 256.1.2.3 dev v0",
        "route add 0400.1.2.3 dev v0", "route add 23.0.0.0/8 via 0300.0.2.9 dev v0 metric 010 table 0x10 proto 010",
        "route add 24.0.0.0/8 dev v0 metric 08", "route add 25.0.0.0/8 dev v0 src 0300.0.02.01",
        // Addresses, neighbours, rules and VXLAN endpoints read addresses the same way.
        "address add 010.9.0.1/024 dev v0", "address add 10.9.1.1/255.255.255.0 dev v0",
        "address add 10.9.2.1/0x1c broadcast 010.9.2.15 dev v0", "address add 10.9.3 dev v0",
        "address add 10.9.4.1/08 dev v0", "address add 10.9.5.1/24 peer 010.9.5.2 dev v0",
        "neighbor add 010.9.0.7 lladdr 02:00:00:00:00:11 dev v0",
        "neighbor add 10.9.0.8 lladdr 02:00:00:00:00:12 dev v0 proto 010",
        "neighbor add 10.9.0.10 ll 02:00:00:00:00:13 dev v0 extern", "neighbor add p 10.9.0.11 dev v0",
        "neighbor add 10.9.0.12 l 02:00:00:00:00:14 dev v0 pro 5", "neighbor add 08.9.0.13 lladdr 02:00:00:00:00:15 dev v0",
        "rule add from 010.0.0.0/010 table 100", "rule add to 10.0.0.0/255.0.0.0 table 0x65",
        "rule add from 0x0b.0.0.0/8 pref 010 table 102",
        "link add vx0 address 02:00:00:00:00:21 type vxlan id 05 remote 010.0.0.1 dstport 0x12b5 ttl 010",
        "link add vx1 address 02:00:00:00:00:22 type vxlan id 0x6 local 0x7f.0.0.1 dstport 4789",
        "link add vx2 type vxlan id 7 remote 08.0.0.1 dstport 4789", "link add vx3 type vxlan id 8 local 1.2.3 dstport 4789",
        // Reading with the same forms.
        "route show 010.1.2.3", "route show root 0x0a.0.0.0/8", "route show match 11.1", "route get 010.1.2.3",
        "route show table 0x10", "address show to 010.9.0.0/024", "neighbor show to 010.9.0.0/8", "-d link show vx0",
        "-d link show vx1",
    ]

    /// Two namespaces with the same links and address (``setup``): one for ip, one for nlctl.
    static func namespaces() async throws -> (ScratchNamespace, ScratchNamespace) {
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for step in setup {
            try await withIP.ip(step)
            try await withNlctl.ip(step)
        }
        return (withIP, withNlctl)
    }

    @Test func commandsSameAsIP() async throws {
        let (withIP, withNlctl) = try await Self.namespaces()
        for command in Self.commands {
            await expectSameAsIP(command, ip: withIP, nlctl: withNlctl)
        }
        try await BatchTests.expectSameState(withNlctl, withIP)
    }

    /// The route lines of a batch take a fast path for plain dotted decimal words: every other form
    /// must leave it for the general reader (`-force`: the failing lines are skipped).
    @Test func batchSameAsIP() async throws {
        let (withIP, withNlctl) = try await Self.namespaces()
        let contents = Self.commands.filter { $0.hasPrefix("route add") }.joined(separator: "\n") + "\n"
        let path = try BatchTests.write(contents)
        defer { unlink(path) }
        let expected = await run(["ip", "-n", withIP.name, "-force", "-batch", path])
        let actual = await nlctl(["-n", withNlctl.name, "-force", "-batch", path])
        #expect(actual.status == expected.status)
        let expectedError = expected.standardError.replacingIP()
        #expect(actual.standardError == expectedError)
        try await BatchTests.expectSameState(withNlctl, withIP)
    }
}
