import Glibc
import Testing

/// A namespace name for one test (`nlctl-test-PID-N`), removed after with `ip netns del` if present.
final class TestNamespaceName {
    let name: String

    init(create: Bool) throws {
        name = "nlctl-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        if create {
            let result = runBlocking(["ip", "netns", "add", name])
            guard result.status == 0 else { throw SetupFailure(message: result.description) }
        }
    }

    deinit {
        if access("/run/netns/" + name, F_OK) == 0 { _ = runBlocking(["ip", "netns", "del", name]) }
    }
}

/// `nlctl netns` against `ip netns`. Namespace ids are set only as seen from a test namespace
/// (`-n`), never in the caller's; only namespaces named `nlctl-test-...` are created or deleted.
@Suite("nlctl netns vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct NetnsCommandTests {
    @Test func addAndDelete() async throws {
        let target = try TestNamespaceName(create: false)
        let added = await nlctl(["netns", "add", target.name])
        #expect(added.status == 0, "\(added)")
        #expect(access("/run/netns/" + target.name, F_OK) == 0)
        let links = await run(["ip", "-n", target.name, "-o", "link"])
        #expect(links.status == 0 && links.standardOutput.hasPrefix("1: lo: <LOOPBACK>"), "\(links)")
        #expect(await run(["ip", "netns", "list"]).standardOutput.split(separator: "\n").contains { $0.hasPrefix(target.name) })
        // An interface moved there stays there: the namespace is the bind-mounted one.
        let deleted = await nlctl(["netns", "delete", target.name])
        #expect(deleted.status == 0, "\(deleted)")
        #expect(access("/run/netns/" + target.name, F_OK) != 0)
        #expect(await !run(["ip", "netns", "list"]).standardOutput.contains(target.name))
    }

    @Test func deletesWhatIPAdded() async throws {
        let target = try TestNamespaceName(create: true)
        let deleted = await nlctl(["netns", "del", target.name])
        #expect(deleted.status == 0, "\(deleted)")
        #expect(access("/run/netns/" + target.name, F_OK) != 0)
    }

    /// Runs `command` with nlctl and ip until both agree (other tests add and remove namespaces meanwhile).
    func compare(_ command: [String]) async throws {
        var expected = Run(status: 0, standardOutput: "", standardError: "")
        var actual = expected
        for _ in 0..<20 {
            expected = await run(["ip"] + command)
            actual = await nlctl(command)
            if actual.standardOutput == expected.standardOutput && actual.standardError == expected.standardError.replacingIP() { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(actual.standardOutput == expected.standardOutput, "\(command)")
        #expect(actual.standardError == expected.standardError.replacingIP(), "\(command)")
        #expect(actual.status == expected.status, "\(command)")
    }

    @Test func listSameAsIP() async throws {
        let context = try TestNamespaceName(create: true)
        let first = try TestNamespaceName(create: true)
        let second = try TestNamespaceName(create: true)
        let set = await nlctl(["-n", context.name, "netns", "set", first.name, "7"])
        #expect(set.status == 0, "\(set)")
        let auto = await nlctl(["-n", context.name, "netns", "set", second.name, "auto"])
        #expect(auto.status == 0, "\(auto)")
        for command in [["netns"], ["netns", "list"], ["netns", "show"], ["-j", "netns", "list"], ["netns", "list-id"], ["-j", "netns", "list-id"], ["-j", "-p", "netns", "list-id"]] {
            try await compare(["-n", context.name] + command)
        }
        try await compare(["-n", second.name, "netns", "list-id"])
        // Seen from another namespace (target-nsid): its IDs with this namespace's IDs for them
        // (current-nsid); one ID by itself (nsid); the kernel's refusal of an unknown ID; ip's
        // argument errors. `identify` under -n names the -n namespace, as ip (which switches first).
        let back = await nlctl(["-n", first.name, "netns", "set", second.name, "3"])
        #expect(back.status == 0, "\(back)")
        _ = await nlctl(["-n", first.name, "netns", "set", context.name, "4"])
        for words in [
            "netns list-id target-nsid 7", "-j netns list-id target-nsid 7", "netns list-id nsid 7", "-j netns list-id nsid 7",
            "netns list-id nsid 7 target-nsid 7", "netns list-id target-nsid 7 nsid 3", "netns list-id nsid 0x7",
            "netns list-id target-nsid 99", "netns list-id nsid 99", "netns list-id nsid -1", "netns list-id nsid -1 x",
            "netns list-id nsid x", "netns list-id nsid 7 nsid 7", "netns list-id target-nsid", "netns identify",
        ] {
            try await compare(["-n", context.name] + words.split(separator: " ").map(String.init))
        }
        // `first` (7 here) calls `second` 3; here `second` has the ID `auto` gave it.
        let seen = await nlctl(["-n", context.name, "netns", "list-id", "target-nsid", "7"]).standardOutput
        #expect(seen.contains(#/nsid 3 current-nsid \d+ \(iproute2 netns name: /# ) && seen.contains(second.name), "\(seen)")
    }

    /// `identify [PID]` and `pids NAME` for a process inside a named namespace (and for this
    /// process, in none), and their failures, as ip prints them.
    @Test func identifyAndPidsSameAsIP() async throws {
        let target = try TestNamespaceName(create: true)
        var pid: pid_t = 0
        let arguments = ["ip", "netns", "exec", target.name, "sleep", "60"]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        #expect(posix_spawnp(&pid, "ip", nil, nil, argv, environ) == 0)
        defer { kill(pid, SIGKILL); waitpid(pid, nil, 0) }
        for _ in 0..<200 where await run(["ip", "netns", "identify", "\(pid)"]).standardOutput != target.name + "\n" {
            try await Task.sleep(for: .milliseconds(10))
        }
        let commands: [[String]] = [
            ["netns", "identify", "\(pid)"], ["netns", "identify"], ["netns", "identify", "\(getpid())"],
            ["netns", "pids", target.name],
            ["netns", "identify", "x"], ["netns", "identify", "1", "2"], ["netns", "identify", "\(Int32.max)"],
            ["netns", "pids"], ["netns", "pids", "nlctl-test-missing"], ["netns", "pids", target.name, "x"],
            ["netns", "add", "a/b"], ["netns", "add", "."],
        ]
        for command in commands {
            try await compare(command)
        }
        #expect(await nlctl(["netns", "identify", "\(pid)"]).standardOutput == target.name + "\n")
        #expect(await nlctl(["netns", "pids", target.name]).standardOutput == "\(pid)\n")
        // JSON, which ip 6.1 does not print for these: the keys of `netns list`.
        #expect(await nlctl(["-j", "netns", "identify", "\(pid)"]).standardOutput == "[{\"name\":\"\(target.name)\"}]\n")
        #expect(await nlctl(["-j", "netns", "pids", target.name]).standardOutput == "[{\"pid\":\(pid)}]\n")
    }

    @Test func sameFailuresAsIP() async throws {
        let contextIP = try TestNamespaceName(create: true)
        let contextNlctl = try TestNamespaceName(create: true)
        let target = try TestNamespaceName(create: true)
        let missing = "nlctl-test-\(getpid())-missing"
        let commands: [[String]] = [
            ["netns", "add", target.name], ["netns", "del", missing], ["netns", "delete"], ["netns", "add"],
            ["netns", "set", missing, "3"], ["netns", "set", target.name, "x"], ["netns", "set", target.name],
            ["netns", "frob"], ["netns", "set", target.name, "5"], ["netns", "set", target.name, "6"],
        ]
        for command in commands {
            let expected = await run(["ip", "-n", contextIP.name] + command)
            let actual = await nlctl(["-n", contextNlctl.name] + command)
            #expect(actual.standardOutput == expected.standardOutput, "\(command)")
            #expect(actual.standardError == expected.standardError.replacingIP(), "\(command)")
            #expect(actual.status == expected.status, "\(command)")
        }
    }
}
