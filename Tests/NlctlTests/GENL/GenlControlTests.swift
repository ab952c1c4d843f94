import Glibc
import Testing

/// `nlctl genl` against genl 6.1 (`ip netns exec NS genl`) in the same namespace: standard output,
/// standard error and exit status, byte for byte; and its JSON.
@Suite("nlctl genl vs genl", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct GenlControlTests {
    static let commands = [
        "ctrl list", "ctrl show", "ctrl lst", "ctrl l", "-s ctrl ls", "-d -r ctrl show", "- ctrl l", "ctrl list extra",
        "ctrl get name nlctrl", "ctrl get id 0x10", "ctrl get name ethtool", "ctrl g n TASKSTATS", "ctrl get name netdev",
        "ctrl get name nonexist", "ctrl get id 99", "ctrl get id xyz", "ctrl get id 70000", "ctrl get id -1", "ctrl get id 020",
        "ctrl get name nlctrlxxxxxxxxxxxxxxxxx", "ctrl get foo bar", "ctrl get", "ctrl get name", "ctrl get name nlctrl extra",
        "", "ctrl", "ctrl foo", "ctrl help", "ctrl h", "-V", "-Vx", "-h", "-x", "foo", "foo bar", "help",
        "ctrl policy name nlctrl", "ctrl policy name ethtool", "ctrl policy id 0x10", "ctrl p n netdev", "ctrl policy name mptcp_pm",
        "ctrl policy name TASKSTATS", "ctrl policy name nonexist", "ctrl policy id 99", "ctrl policy", "ctrl policy foo bar",
        "ctrl policy id xyz",
    ]

    @Test(arguments: commands)
    func sameAsGenl(_ command: String) async throws {
        let namespace = try ScratchNamespace()
        let words = command.split(separator: " ").map(String.init)
        let expected = await run(["ip", "netns", "exec", namespace.name, "genl"] + words)
        let actual = await nlctl(["-n", namespace.name, "genl"] + words)
        #expect(actual.status == expected.status, "exit status of genl \(command)")
        #expect(actual.standardError == expected.standardError, "stderr of genl \(command)")
        #expect(actual.standardOutput == expected.standardOutput, "stdout of genl \(command)")
    }

    /// `-j`: one object per family, the IDs and names of `ctrl list`.
    @Test func json() async throws {
        let namespace = try ScratchNamespace()
        let list = await nlctl(["-n", namespace.name, "-j", "genl", "ctrl", "list"])
        #expect(list.status == 0)
        #expect(list.standardOutput.hasPrefix("[{\"name\":\"nlctrl\",\"id\":16,\"version\":2,"), "\(list)")
        let text = await run(["ip", "netns", "exec", namespace.name, "genl", "ctrl", "list"])
        let names = text.standardOutput.split(separator: "\n").filter { $0.hasPrefix("Name: ") }.map { String($0.dropFirst(6)) }
        #expect(!names.isEmpty)
        for name in names { #expect(list.standardOutput.contains("\"name\":\"\(name)\""), "\(name)") }
        let one = await nlctl(["-n", namespace.name, "-j", "genl", "ctrl", "get", "name", "nlctrl"])
        #expect(one.standardOutput == """
            [{"name":"nlctrl","id":16,"version":2,"header_size":0,"max_attribs":0,"commands":[{"id":3,"flags":14,\
            "capabilities":["can doit","can dumpit","has policy"]},{"id":10,"flags":12,"capabilities":["can dumpit",\
            "has policy"]}],"multicast_groups":[{"id":16,"name":"notify"}]}]

            """)
    }

}
