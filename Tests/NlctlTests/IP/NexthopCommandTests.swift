import Glibc
import Testing

/// `nlctl nexthop` against `ip nexthop`: the same changes on two namespaces give the same nexthops,
/// the show commands give the same output on one namespace, and failures the same message and status.
@Suite("nlctl nexthop vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct NexthopCommandTests {
    static let setup = [
        "link set lo up", "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up",
        "addr add 192.0.2.1/24 dev v0", "addr add 2001:db8::1/64 dev v0 nodad",
    ]

    /// Nexthops of every kind, for the show commands.
    static let configuration = [
        "nexthop add id 1 via 192.0.2.2 dev v0", "nexthop add id 2 dev v0 proto 4", "nexthop add id 4 blackhole proto static",
        "nexthop add id 5 via 2001:db8::2 dev v0", "nexthop add id 3 group 1/2,3 proto boot", "nexthop add id 7 group 1,10/2,255 type mpath",
        "nexthop add id 8 via 192.0.2.2 dev v0 onlink", "nexthop add id 9 via 192.0.2.2 fdb", "nexthop add id 11 group 9 fdb",
        "nexthop add id 13 proto 99 dev v0", "nexthop add id 6 group 1/2 type resilient buckets 8 idle_timer 100 unbalanced_timer 200",
        "nexthop add id 14 group 1/2 type resilient buckets 4",
    ]

    static let shows = [
        "nexthop", "nexthop show", "nexthop list", "nex ls", "-j nexthop", "-j -p nexthop", "-d nexthop", "-4 nexthop", "-6 nexthop",
        "nexthop get id 3", "-j nexthop get id 4", "nexthop show id 3", "nexthop show id 3 dev v0", "nexthop show dev v0",
        "nexthop show groups", "nexthop show groups dev v0", "nexthop show fdb", "nexthop show proto 99", "nexthop show protocol 4",
        "nexthop show proto static", "nexthop show dev nope", "nexthop show frob", "nexthop show dev", "nexthop get id 99",
        "nexthop get id", "nexthop get id x", "nexthop frob", "nexthop show vrf v0", "nexthop show vrf nope", "-j -d nexthop", "nexthop get id 6", "-j nexthop show id 14",
    ]

    @Test(arguments: shows)
    func showSameAsIP(_ command: String) async throws {
        let namespace = try ScratchNamespace()
        for step in Self.setup + Self.configuration { try await namespace.ip(step) }
        await expectSameAsIP(command, in: namespace)
    }

    static let buckets = [
        "nexthop bucket", "nexthop b", "nexthop bucket list", "nexthop bucket l", "-j nexthop bucket", "-j -p nexthop bucket show id 14",
        "nexthop bucket show id 6", "nexthop bucket show nhid 1", "nexthop bucket show id 6 nhid 2", "-4 nexthop bucket", "-6 nexthop bucket",
        "nexthop bucket show dev v0", "nexthop bucket show master v0", "nexthop bucket show id 0", "nexthop bucket show nhid 99",
        "nexthop bucket show id 1", "nexthop bucket show id 99", "nexthop bucket show dev nope", "nexthop bucket show vrf v0",
        "nexthop bucket show nhid x", "nexthop bucket show id", "nexthop bucket show frob", "nexthop bucket frob",
        "nexthop bucket get id 6 index 3", "-j nexthop bucket get id 14 index 0", "nexthop bucket g id 6 index 7",
        "nexthop bucket get id 6 index 8", "nexthop bucket get id 1 index 0", "nexthop bucket get id 99 index 0",
        "nexthop bucket get index 70000 id 6", "nexthop bucket get index x id 6",
    ]

    /// `nexthop bucket`: the same buckets, filters, errors and statuses as ip (help texts aside:
    /// nlctl's usage is its own); the idle times, which grow between the two reads, are masked.
    @Test(arguments: buckets)
    func bucketSameAsIP(_ command: String) async throws {
        let namespace = try ScratchNamespace()
        for step in Self.setup + Self.configuration { try await namespace.ip(step) }
        await expectSameAsIP(command, in: namespace, outputText: { $0.replacing(#/idle_time[" :]+[0-9.e+-]+/#, with: "idle_time X") })
    }

    /// What ip answers with its usage (255): nlctl's usage, which is its own text.
    @Test(arguments: ["nexthop bucket get id 6", "nexthop bucket get id 6 index 1 frob", "nexthop bucket get index 1", "nexthop bucket help"])
    func bucketUsage(_ command: String) async throws {
        let namespace = try ScratchNamespace()
        let words = command.split(separator: " ").map(String.init)
        let expected = await run(["ip", "-n", namespace.name] + words)
        let actual = await nlctl(["-n", namespace.name] + words)
        #expect(expected.status == 255 && expected.standardError.hasPrefix("Usage: ip nexthop "))
        #expect(actual.status == 255)
        #expect(actual.standardOutput.isEmpty)
        #expect(actual.standardError.hasPrefix("Usage: nlctl nexthop "))
    }

    static let scripts: [[String]] = [
        configuration,
        configuration + ["nexthop del id 7", "nexthop replace id 2 via 192.0.2.3 dev v0", "nexthop add id 12 group 4", "nexthop flush dev v0"],
        configuration + ["nexthop flush id 4", "nexthop flush id 4", "-j nexthop flush dev v0", "nexthop flush", "-j nexthop flush"],
        configuration + ["nexthop flush proto 99", "nexthop delete id 3", "nexthop d id 99"],
        configuration + ["nexthop add id 1 via 192.0.2.2 dev v0", "nexthop add 13 dev v0", "nexthop add id 10 via x dev v0",
                         "nexthop add id x dev v0", "nexthop add id 10", "nexthop del", "nexthop del id 3 frob",
                         "nexthop add id 15 via 10.0.0.1", "nexthop add id 15 via 10.0.0.1 dev nope", "nexthop add id 15 group 99",
                         "nexthop add id 15 group 1/", "nexthop add id 15 group 3 type foo", "nexthop add id 15 group 1,300",
                         "-6 nexthop add id 15 via 192.0.2.2 dev v0", "nexthop replace id 16 group 1/2 type mpath proto 200",
                         "nexthop add id 17 group 1/2 type resilient buckets x", "nexthop add id 17 group 1/2 type resilient idle_timer x",
                         "nexthop add id 17 group 1/2 type resilient unbalanced_timer x", "nexthop add id 17 group 1/2 type resilient",
                         "nexthop replace id 14 group 1/2 type resilient buckets 4 idle_timer 5"],
    ]

    @Test(arguments: scripts)
    func sameResultAsIP(_ script: [String]) async throws {
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for namespace in [withIP, withNlctl] {
            for step in Self.setup { try await namespace.ip(step) }
        }
        for command in script {
            await expectSameAsIP(command, ip: withIP, nlctl: withNlctl)
        }
        for show in [["-d", "nexthop"], ["-j", "nexthop"]] {
            let expected = await run(["ip", "-n", withIP.name] + show).standardOutput
            let actual = await run(["ip", "-n", withNlctl.name] + show).standardOutput
            #expect(actual == expected, "\(show)")
        }
    }
}
