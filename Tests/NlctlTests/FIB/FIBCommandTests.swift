import Glibc
import Testing

/// `nlctl fib lookup` (NETLINK_FIB_LOOKUP) against ip's own view of the same tables: a lookup in the
/// main table against `ip route get fibmatch` (the type, prefix and scope of the route it matched),
/// one in another table against that table's line in `ip route show table T`; routes of every
/// type that refuses (unreachable, blackhole, prohibit) against `ip route get`'s status, and the
/// grammar's errors.
///
/// One difference is by design of the kernel, not of nlctl: without policy rules of its own, a
/// namespace keeps its local routes in the main table's trie, so the FIB lookup of a local address in
/// table main names table main where `ip route get` names table local; tables are compared only for
/// lookups in other tables.
@Suite("nlctl fib vs ip route", .serialized, .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct FIBCommandTests {
    static let setup = [
        "link set lo up", "link add d0 type veth peer name d1", "link set d0 up", "address add 10.1.0.1/16 dev d0",
        "route add 10.2.0.0/16 dev d0 table 100", "route add 10.2.3.0/24 via 10.1.0.2 table 100", "route add 10.7.0.0/16 via 10.1.0.3",
        "route add unreachable 10.3.0.0/16", "route add blackhole 10.4.0.0/16", "route add prohibit 10.5.0.0/16",
        "route add throw 10.6.0.0/16 table 100", "route add local 10.8.0.0/16 dev lo table 100",
    ]

    static func namespace() async throws -> ScratchNamespace {
        let namespace = try ScratchNamespace()
        for line in setup { try await namespace.ip(line) }
        return namespace
    }

    /// `[TYPE ]DST` and the scope (`global` when ip prints none) of an `ip route` line.
    static func route(ofIPLine line: Substring) -> (head: String, scope: String) {
        let words = line.split(separator: " ")
        var head: [Substring] = []
        for word in words {
            if ["dev", "via", "proto", "table", "scope", "src", "metric"].contains(word) { break }
            head.append(word)
        }
        let scope = words.firstIndex(of: "scope").map { String(words[$0 + 1]) } ?? "global"
        return (head.joined(separator: " "), scope)
    }

    /// `[TYPE ]DST` and the scope of nlctl's answer.
    static func route(ofAnswer line: String) -> (head: String, scope: String, table: String) {
        let words = line.split { $0 == " " || $0 == "\n" }.map(String.init)
        let table = words.firstIndex(of: "table").map { words[$0 + 1] } ?? ""
        let scope = words.firstIndex(of: "scope").map { words[$0 + 1] } ?? ""
        let head = words.prefix { $0 != "table" }.joined(separator: " ")
        return (head, scope, table)
    }

    @Test func mainTableAgainstRouteGetFibmatch() async throws {
        let namespace = try await Self.namespace()
        for address in ["10.1.2.3", "10.7.9.9", "127.0.0.1", "127.1.2.3", "10.1.0.1", "10.1.255.255"] {
            let ours = await nlctl(["-n", namespace.name, "fib", "lookup", address])
            let theirs = await run(["ip", "-n", namespace.name, "route", "get", "fibmatch", address])
            #expect(ours.status == 0 && theirs.status == 0, "\(address): \(ours) \(theirs)")
            let expected = Self.route(ofIPLine: theirs.standardOutput.split(separator: "\n").first ?? "")
            let actual = Self.route(ofAnswer: ours.standardOutput)
            #expect(actual.head == expected.head && actual.scope == expected.scope && actual.table == "main",
                    "\(address): nlctl \(ours.standardOutput) against ip \(theirs.standardOutput)")
        }
        // Refusing routes and no route: ip's `route get` fails (status 2) where the FIB lookup does.
        for (address, reason) in [("10.3.0.1", "No route to host"), ("10.4.0.1", "Invalid argument"), ("10.5.0.1", "Permission denied"), ("10.9.0.1", "")] {
            let ours = await nlctl(["-n", namespace.name, "fib", "lookup", address])
            let theirs = await run(["ip", "-n", namespace.name, "route", "get", "fibmatch", address])
            #expect(ours.status == 2 && theirs.status == 2 && ours.standardOutput.isEmpty, "\(address): \(ours) \(theirs)")
            if !reason.isEmpty {
                #expect(ours.standardError.contains(reason) && theirs.standardError.contains(reason), "\(address): \(ours) \(theirs)")
            } else {
                #expect(ours.standardError == "Error: no route matches 10.9.0.1 in table main.\n", "\(ours)")
            }
        }
    }

    @Test func otherTablesAgainstRouteShow() async throws {
        let namespace = try await Self.namespace()
        for (address, table, dst) in [("10.2.9.9", "100", "10.2.0.0/16"), ("10.2.3.4", "100", "10.2.3.0/24"), ("10.8.1.1", "100", "10.8.0.0/16"),
                                      ("127.1.2.3", "local", "127.0.0.0/8"), ("10.1.0.1", "local", "10.1.0.1"), ("10.1.255.255", "255", "10.1.255.255")] {
            let ours = await nlctl(["-n", namespace.name, "fib", "lookup", address, "table", table])
            let shown = await run(["ip", "-n", namespace.name, "route", "show", "table", table])
            let line = shown.standardOutput.split(separator: "\n").first { Self.route(ofIPLine: $0).head.split(separator: " ").last.map(String.init) == dst }
            let expected = try #require(line.map { Self.route(ofIPLine: $0) }, "\(dst) in ip route show table \(table): \(shown)")
            let actual = Self.route(ofAnswer: ours.standardOutput)
            let tableName = table == "255" ? "local" : table
            #expect(ours.status == 0 && actual.head == expected.head && actual.scope == expected.scope && actual.table == tableName,
                    "\(address) table \(table): nlctl \(ours) against ip \(line ?? "")")
        }
        // A throw route ends the table's search: no route, as for an address it lacks.
        let thrown = await nlctl(["-n", namespace.name, "fib", "lookup", "10.6.0.1", "table", "100"])
        #expect(thrown.status == 2 && thrown.standardError == "Error: no route matches 10.6.0.1 in table 100.\n", "\(thrown)")
        let missing = await nlctl(["-n", namespace.name, "fib", "lookup", "10.2.0.1", "table", "7"])
        #expect(missing.status == 2 && missing.standardError == "Error: table 7 does not exist.\n", "\(missing)")
        // The scope asked for, and JSON with ip's keys.
        let narrow = await nlctl(["-n", namespace.name, "fib", "lookup", "10.2.9.9", "table", "100", "scope", "host"])
        #expect(narrow.status == 2, "\(narrow)")
        let json = await nlctl(["-n", namespace.name, "-j", "fib", "lookup", "10.8.1.1", "table", "100"])
        #expect(json.standardOutput == #"[{"type":"local","dst":"10.8.0.0/16","table":"100","scope":"host","nh_sel":0}]"# + "\n", "\(json)")
    }

    static let refusals: [(String, Int32, String)] = [
        ("", 255, "Usage: nlctl fib lookup"), ("lookup", 255, "Usage: nlctl fib lookup"), ("frob 1.2.3.4", 255, "Command \"frob\" is unknown"),
        ("lookup ::1", 255, "Error: an IPv4 address is expected rather than \"::1\"."), ("lookup 1.2.3.4 table 1000", 255, "one byte"),
        ("lookup 1.2.3.4 table", 255, "Command line is not complete"), ("lookup 1.2.3.4 tos 0x100", 255, "\"tos\" value is invalid"),
        ("lookup 1.2.3.4 scope nonsense", 255, "invalid \"scope\" value"), ("lookup 1.2.3.4 via 1", 255, "rather than \"via\""),
    ]

    @Test func refusals() async throws {
        let namespace = try await Self.namespace()
        for (arguments, status, text) in Self.refusals {
            let result = await nlctl(["-n", namespace.name, "fib"] + arguments.split(separator: " ").map(String.init))
            #expect(result.status == status && result.standardError.contains(text) && result.standardOutput.isEmpty, "fib \(arguments): \(result)")
        }
        let help = await nlctl(["fib", "help"])
        #expect(help.status == 0 && help.standardOutput.hasPrefix("Usage: nlctl fib lookup"), "\(help)")
        let absent = await nlctl(["-n", "nlctl-no-such-namespace", "fib", "lookup", "1.2.3.4"])
        #expect(absent.status == 1 && absent.standardError.hasPrefix("Cannot open network namespace \"nlctl-no-such-namespace\""), "\(absent)")
    }
}
