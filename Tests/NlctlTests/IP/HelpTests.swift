import Testing

/// Every object's `--help` exits 0 and prints its usage, naming its commands, on standard output.
@Suite("nlctl --help")
struct HelpTests {
    @Test(arguments: [
        ("link", ["add", "delete", "set", "show"]), ("address", ["add", "del", "flush", "show"]),
        ("route", ["list", "flush", "get", "add"]), ("neighbor", ["add", "del", "show", "flush"]),
        ("rule", ["add", "del", "list"]), ("nexthop", ["list", "flush", "add", "del"]), ("netconf", ["show"]),
        ("netns", ["list", "add"]), ("monitor", ["all", "link", "route"]),
    ])
    func objectHelp(_ object: String, keywords: [String]) async {
        let result = await nlctl([object, "--help"])
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty)
        #expect(result.standardOutput.hasPrefix("Usage: nlctl"))
        for keyword in keywords { #expect(result.standardOutput.contains(keyword), "\(object): \(keyword)") }
    }

    /// `nlctl OBJECT [COMMAND] help` behaves as ip's: the usage on standard error, exit status 255
    /// (found by scripts/audit-vs-ip.sh: link, address, nexthop, netconf, netns and monitor exited 0).
    @Test(arguments: [
        "link help", "link show help", "link set help", "address help", "address show help", "route help", "neighbor help",
        "rule help", "nexthop help", "nexthop show help", "nexthop get help", "netconf help", "netns help", "monitor help",
    ])
    func objectHelpWord(_ command: String) async {
        let words = command.split(separator: " ").map(String.init)
        let expected = await run(["ip"] + words)
        let result = await nlctl(words)
        #expect(result.status == expected.status)
        #expect(result.status == 255)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("Usage: nlctl"))
    }

    /// The usage names the selectors the commands take (found by scripts/audit-vs-ip.sh: implemented
    /// keywords missing from `--help`).
    @Test(arguments: [
        ("route", ["tos", "vrf", "ipproto", "sport", "dport", "realms", "via", "src", "connected"]),
        ("address", ["to", "type", "master", "nomaster", "vrf", "tentative"]),
        ("link", ["vrf", "_slave", "nomaster"]), ("nexthop", ["vrf", "buckets", "idle_timer"]),
        ("neighbor", ["master", "unused", "nomaster"]),
    ])
    func usageNamesSelectors(_ object: String, keywords: [String]) async {
        let result = await nlctl([object, "--help"])
        for keyword in keywords { #expect(result.standardOutput.contains(keyword), "\(object): \(keyword)") }
    }

    /// The top level: usage and the objects.
    @Test func topLevel() async {
        for arguments in [["--help"], ["help"], ["-help"]] {
            let result = await nlctl(arguments)
            #expect(result.status == 0, "\(arguments)")
            for object in ["link", "address", "route", "neighbor", "rule", "nexthop", "netconf", "netns", "monitor"] {
                #expect(result.standardOutput.contains(object), "\(arguments): \(object)")
            }
        }
    }
}
