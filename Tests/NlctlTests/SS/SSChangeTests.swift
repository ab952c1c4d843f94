import Glibc
import Testing

/// `nlctl ss -K` and `-E` against ss 6.1, in twin namespaces with the same sockets (client ports
/// fixed, so that the lines are the same); JSON; and both tools as an unprivileged user.
@Suite("nlctl ss -K, -E, -j, unprivileged", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct SSChangeTests {
    /// A listener on 4070 with two clients (ports 5001, 5002), one on 4071 with a client (5003),
    /// UDP on 5353 connected to 5354.
    static let script = #"""
        import socket, sys, signal
        keep = []
        for port, clients in ((4070, (5001, 5002)), (4071, (5003,))):
            l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); l.bind(('127.0.0.1', port)); l.listen(); keep.append(l)
            for c in clients:
                s = socket.socket(); s.bind(('127.0.0.1', c)); s.connect(('127.0.0.1', port)); keep.append(s); keep.append(l.accept()[0])
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', 5353)); u.connect(('127.0.0.1', 5354)); keep.append(u)
        open(sys.argv[1], 'w').write('ready')
        signal.alarm(600)
        signal.pause()
        """#

    static func twins() async throws -> (ScratchNamespace, SocketHolder.Holder, ScratchNamespace, SocketHolder.Holder) {
        let a = try ScratchNamespace(), b = try ScratchNamespace()
        try await a.ip("link set lo up")
        try await b.ip("link set lo up")
        return (a, try SocketHolder.start(script, in: a), b, try SocketHolder.start(script, in: b))
    }

    /// `-K FILTER` prints what it closed, as ss does; the sockets left are the same.
    @Test(arguments: ["-tanK dport = :4070", "-tnK sport = :4070", "-tanK src 127.0.0.1:5003", "-tanK dport = :9", "-tnK state established dport = :4071",
                      "-uanK", "-tnK -e dport = :4070"])
    func killSameAsSS(_ arguments: String) async throws {
        let (a, holderA, b, holderB) = try await Self.twins()
        defer {
            holderA.stop()
            holderB.stop()
        }
        let words = arguments.split(separator: " ").map(String.init)
        let expected = await run(["ss", "-N", a.name] + words)
        let actual = await nlctl(["-n", b.name, "ss"] + words)
        #expect(actual.status == expected.status && actual.standardError == expected.standardError.withoutCgroupWarnings, "ss \(arguments): \(actual) against \(expected)")
        // The cookies (sk:) differ between namespaces, and so does the order of the sockets (each
        // namespace seeds its own hash): lines are compared as sets, the header as it is.
        #expect(actual.standardOutput.withoutCookies.sortedLines == expected.standardOutput.withoutCookies.sortedLines,
                "ss \(arguments): \(actual) against \(expected)")
        let left = await run(["ss", "-N", a.name, "-tan"]), ours = await run(["ss", "-N", b.name, "-tan"])
        #expect(left.standardOutput.sortedLines == ours.standardOutput.sortedLines, "after ss \(arguments): \(ours) against \(left)")
        if arguments.hasPrefix("-tanK dport = :4070") {
            #expect(!ours.standardOutput.contains(":5001 ") && ours.standardOutput.contains(":5003 "), "\(ours)")
        }
    }

    /// `-E`: both tools watch one namespace while the holder exits; every TCP and UDP socket's
    /// destruction prints the same line (ss under `stdbuf -oL`: it does not flush per event).
    @Test(arguments: ["-E", "-En", "-tEn", "-uE", "-E dport = :4070", "-4En", "-6En", "-jE"])
    func eventsSameAsSS(_ arguments: String) async throws {
        let namespace = try ScratchNamespace()
        try await namespace.ip("link set lo up")
        let holder = try SocketHolder.start(Self.script, in: namespace)
        let base = holder.directory
        let words = arguments.split(separator: " ").map(String.init)
        let json = words.contains("-jE")
        let reference = MonitorTests.spawn(["stdbuf", "-oL", "ss", "-N", namespace.name] + words.map { $0 == "-jE" ? "-E" : $0 }, output: base + ".ss")
        let ours = MonitorTests.spawn([nlctlPath, "-n", namespace.name] + (json ? ["-j", "ss", "-E"] : ["ss"] + words), output: base + ".nl")
        usleep(700_000)
        holder.stop()
        usleep(700_000)
        for pid in [reference, ours] {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        let expected = String(decoding: (try? SocketHolder.readAll(base + ".ss")) ?? [], as: UTF8.self).withoutCgroupWarnings
        let actual = String(decoding: (try? SocketHolder.readAll(base + ".nl")) ?? [], as: UTF8.self)
        _ = runBlocking(["rm", "-f", base + ".ss", base + ".nl"])
        if json {
            // One object per destroyed socket, as many as ss's lines after its header.
            let objects = actual.split(separator: "\n").filter { $0.hasPrefix("{") }
            #expect(objects.count == expected.split(separator: "\n").count - 1 && objects.count == 9, "\(actual) against \(expected)")
            #expect(objects.allSatisfy { $0.contains("\"netid\":\"tcp\"") || $0.contains("\"netid\":\"udp\"") }, "\(actual)")
        } else {
            #expect(actual.withoutCookies == expected.withoutCookies, "ss \(arguments): nlctl\n\(actual)\nss\n\(expected)")
            // 9 sockets close (the UDP one, two listeners, three pairs); -6 joins only the IPv6
            // groups and hears nothing (not even its header prints, as with ss).
            let lines = arguments.contains("-6") ? 0 : arguments.contains("dport") ? 3 : arguments.contains("-u") ? 2 : arguments.contains("-t") ? 9 : 10
            #expect(actual.split(separator: "\n").count == lines, "\(actual)")
        }
    }

    /// `-j`: one object per socket, parsed by Python's json module, with the socket's fields.
    @Test func jsonIsValidAndComplete() async throws {
        let namespace = try ScratchNamespace()
        try await namespace.ip("link set lo up")
        let holder = try SocketHolder.start(Self.script, in: namespace)
        defer { holder.stop() }
        let text = await nlctl(["-n", namespace.name, "-j", "ss", "-tanem"])
        let check = await run(["python3", "-c", """
            import json, sys
            sockets = json.loads(sys.argv[1])
            assert len(sockets) == 8, len(sockets)
            for s in sockets:
                assert isinstance(s['recv_q'], int) and isinstance(s['local_port'], int) and 'skmem' in s and 'inode' in s, s
            assert {s['local_port'] for s in sockets if s['state'] == 'LISTEN'} == {4070, 4071}
            assert sum(1 for s in sockets if s['state'] == 'ESTAB') == 6
            """, text.standardOutput])
        #expect(text.status == 0 && check.status == 0, "\(text)\n\(check)")
        let empty = await nlctl(["-n", namespace.name, "-j", "ss", "-tan", "dport", "=", ":9"])
        #expect(empty.standardOutput == "[]\n", "\(empty)")
    }

    /// As an unprivileged user (uid 65534, no capabilities): the sockets are listed the same, the
    /// mark is not shown to either, and -K is refused as ss is refused.
    @Test(arguments: ["-tan", "-tane", "-uan", "-xa", "-tanK dport = :4070", "-0a", "-A netlink -an"])
    func unprivilegedSameAsSS(_ arguments: String) async throws {
        let namespace = try ScratchNamespace()
        try await namespace.ip("link set lo up")
        let holder = try SocketHolder.start(Self.script, in: namespace)
        defer { holder.stop() }
        let words = arguments.split(separator: " ").map(String.init)
        let expected = await run(["ip", "netns", "exec", namespace.name] + UnprivilegedTests.nobody + ["ss"] + words)
        let actual = await run(["ip", "netns", "exec", namespace.name] + UnprivilegedTests.nobody + [nlctlPath, "ss"] + words)
        #expect(actual.status == expected.status, "ss \(arguments): \(actual) against \(expected)")
        #expect(actual.standardError == expected.standardError.withoutCgroupWarnings, "ss \(arguments)")
        #expect(SSCommandTests.withoutOwnSockets(actual.standardOutput) == SSCommandTests.withoutOwnSockets(expected.standardOutput),
                "ss \(arguments): \(SSCommandTests.firstDifference(actual.standardOutput, expected.standardOutput))")
    }
}

extension String {
    /// Without ss's per-socket "Failed to find cgroup2 mount" lines.
    var withoutCgroupWarnings: String {
        split(separator: "\n", omittingEmptySubsequences: false).filter { $0 != "Failed to find cgroup2 mount" }.joined(separator: "\n")
    }

    /// The first line, then the others sorted; trailing spaces dropped (the last column's width
    /// follows the inodes' and cookies' lengths, which differ between namespaces).
    var sortedLines: [String] {
        let lines = split(separator: "\n").map { line -> String in
            var text = String(line)
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return Array(lines.prefix(1)) + lines.dropFirst().sorted()
    }

    /// With every `sk:HEX` cookie and `ino:N` inode replaced by `sk:*` and `ino:*` (they differ
    /// between twin namespaces).
    var withoutCookies: String {
        split(separator: " ", omittingEmptySubsequences: false).map { $0.hasPrefix("sk:") ? "sk:*" : $0.hasPrefix("ino:") ? "ino:*" : String($0) }
            .joined(separator: " ")
    }
}
