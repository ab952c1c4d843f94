import Testing

/// `nlctl genl policy` and `nlctl genl call`, which genl 6.1 lacks: the kernel's policy of one
/// operation (the lines `ctrl policy` prints for it), any request's replies as a typed tree, and
/// the errors of the grammar.
@Suite("nlctl genl policy and call", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct GenlCallTests {
    @Test func policyOfOneOperation() async throws {
        let namespace = try ScratchNamespace()
        let one = await nlctl(["-n", namespace.name, "genl", "policy", "ethtool", "op", "17"])
        #expect(one.status == 0, "\(one)")
        let all = await run(["ip", "netns", "exec", namespace.name, "genl", "ctrl", "policy", "name", "ethtool"])
        let lines = one.standardOutput.split(separator: "\n")
        #expect(lines.first?.hasSuffix("op 17 policies: do=0 dump=0") == true, "\(one)")
        // The operation's own dump (its policies renumbered from 0): the header nest and its three
        // attributes, each type genl prints for the family's whole dump.
        #expect(lines.count == 5, "\(one)")
        for type in ["type=NESTED", "type=U32 range:[0,4294967295]", "type=NUL_STRING max len:127"] {
            #expect(one.standardOutput.contains(type) && all.standardOutput.contains(type), "\(type)")
        }
        let missing = await nlctl(["-n", namespace.name, "genl", "policy", "no-such-family"])
        #expect(missing.status == 2 && missing.standardError.contains("No such file or directory"), "\(missing)")
    }

    @Test func callPrintsTheTypedTree() async throws {
        let namespace = try ScratchNamespace()
        try await namespace.ip("link add e0 type veth peer e1")
        let index = (await run(["ip", "-n", namespace.name, "-o", "link", "show", "e0"])).standardOutput.split(separator: ":").first.map(String.init) ?? "?"
        let text = await nlctl(["-n", namespace.name, "genl", "call", "ethtool", "17", "nest", "1", "{", "string", "2", "e0", "}"])
        #expect(text.status == 0)
        #expect(text.standardOutput.hasPrefix("""
            command 18 version 1
                [1] nested
                    [1] u32 \(index)
                    [2] string "e0"
                [2] binary 

            """.dropLast()), "\(text)")
        let json = await nlctl(["-n", namespace.name, "-j", "genl", "call", "ethtool", "17", "nest", "1", "{", "u32", "1", index, "}"])
        #expect(json.standardOutput.hasPrefix("[{\"command\":18,\"version\":1,\"attributes\":[{\"type\":1,\"kind\":\"nested\",\"value\":[{\"type\":1,\"kind\":\"u32\",\"value\":\(index)},"), "\(json)")
        let dump = await nlctl(["-n", namespace.name, "genl", "call", "netdev", "1", "dump"])
        #expect(dump.status == 0 && dump.standardOutput.split(separator: "\n").filter { $0 == "command 1 version 1" }.count == 3, "lo, e0, e1: \(dump)")
    }

    @Test(arguments: [
        (["call"], "call needs a FAMILY"), (["call", "ethtool"], "call needs a command number"), (["call", "ethtool", "300"], "call needs a command number"),
        (["call", "ethtool", "17", "u32"], "needs an attribute TYPE"), (["call", "ethtool", "17", "u32", "1", "x"], "\"x\" is not an u32"),
        (["call", "ethtool", "17", "u8", "1", "256"], "\"256\" is not an u8"), (["call", "ethtool", "17", "nest", "1", "{", "u32", "1", "2"], "without its \"}\""),
        (["call", "ethtool", "17", "}"], "without its \"{\""), (["call", "ethtool", "17", "binary", "1", "abc"], "even number of HEX"),
        (["call", "ethtool", "17", "float", "1", "2"], "\"float\" is not an attribute kind"), (["policy", "ethtool", "op"], "expected \"op CMD\""),
    ])
    func grammarErrors(_ words: [String], message: String) async throws {
        let result = await nlctl(["genl"] + words)
        #expect(result.status == 255 && result.standardError.hasPrefix("Error: ") && result.standardError.contains(message), "\(words): \(result)")
        #expect(result.standardError.contains("Usage: genl policy FAMILY"), "\(result)")
    }

    @Test func kernelRefusal() async throws {
        let namespace = try ScratchNamespace()
        let refused = await nlctl(["-n", namespace.name, "genl", "call", "ethtool", "17", "nest", "1", "{", "string", "2", "nope", "}"])
        #expect(refused.status == 2 && refused.standardError.contains("no device matches name"), "\(refused)")
    }
}
