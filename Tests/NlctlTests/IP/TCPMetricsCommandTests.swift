import Glibc
import Testing

/// `nlctl tcp_metrics` against `ip tcp_metrics` on the same namespace, whose cache holds entries
/// of TCP connections made over loopback (to 127.0.0.1, 127.0.0.2 and ::1): text, `-j`, errors
/// and exit statuses byte for byte, the ages (which move between the two runs) masked.
@Suite("nlctl tcp_metrics vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct TCPMetricsCommandTests {
    /// Loopback up with ::1, then three connections, each closed at once.
    static func withEntries() async throws -> ScratchNamespace {
        let namespace = try ScratchNamespace()
        try await namespace.ip("link set lo up")
        let script = """
            import socket
            for family, address in ((socket.AF_INET, '127.0.0.1'), (socket.AF_INET, '127.0.0.2'), (socket.AF_INET6, '::1')):
                listener = socket.socket(family); listener.bind((address, 5555)); listener.listen()
                client = socket.create_connection((address, 5555)); server, _ = listener.accept()
                client.send(b'x' * 64); server.recv(64); server.close(); client.close(); listener.close()
            """
        let made = await run(["ip", "netns", "exec", namespace.name, "python3", "-c", script])
        #expect(made.status == 0, "\(made)")
        return namespace
    }

    static func masked(_ text: String) -> String {
        text.replacing(#/ age [0-9.]+sec/#, with: " age Xsec").replacing(#/"age": ?[0-9.e+-]+/#, with: "\"age\":X")
    }

    static let readingCommands = [
        "tcp_metrics", "tcp_metrics show", "tcp_metrics list", "tcpmetrics lst", "-4 tcp_metrics", "-6 tcp_metrics",
        "-j tcp_metrics", "-j -p tcp_metrics", "tcp_metrics show 127.0.0.0/8", "tcp_metrics show 127.0.0.2",
        "-j tcp_metrics show 127.0.0.1", "tcp_metrics show ::1", "tcp_metrics show src 127.0.0.1", "tcp_metrics show address 127.0.0.1",
        "tcp_metrics show 127.0.0.1 src 127.0.0.1", "tcp_metrics show 1.2.3.4", "tcp_metrics show 1.1.1.1 2.2.2.2",
        "tcp_metrics delete", "tcp_metrics delete 10.0.0.0/8", "tcp_metrics delete 1.2.3.4", "tcp_metrics foo", "tcp_metrics help",
        "tcp_metrics show src", "tcp_metrics show src 10.0.0.0/8", "tcp_metrics show xyz", "-6 tcp_metrics show 1.2.3.4",
        "-0 tcp_metrics", "tcp_metrics flush 10.0.0.0/8", "tcp_metrics show addr", "tcp_metrics show src 127.0.0.1 src 127.0.0.2",
        "tcp_metrics s h",
    ]

    @Test func sameAsIP() async throws {
        let namespace = try await Self.withEntries()
        for command in Self.readingCommands {
            let words = command.split(separator: " ").map(String.init)
            let expected = await run(["ip", "-n", namespace.name] + words)
            let actual = await nlctl(["-n", namespace.name] + words)
            #expect(actual.status == expected.status, "exit status of \(command)")
            let expectedError = expected.standardError.replacingIP().replacing("ip tcp_metrics", with: "nlctl tcp_metrics")
            #expect(actual.standardError == expectedError, "stderr of \(command)")
            #expect(Self.masked(actual.standardOutput) == Self.masked(expected.standardOutput), "stdout of \(command)")
        }
        let listed = await nlctl(["-n", namespace.name, "tcp_metrics"])
        #expect(listed.standardOutput.split(separator: "\n").count >= 3, "\(listed)")
    }

    /// The changes: a delete, a flush by prefix with its rounds (`-s`) and entries (`-s -s`), a
    /// flush of everything; what is left afterwards is what ip shows.
    @Test func changes() async throws {
        let namespace = try await Self.withEntries()
        let deleted = await nlctl(["-n", namespace.name, "tcp_metrics", "delete", "127.0.0.2"])
        #expect(deleted.status == 0 && deleted.standardOutput.isEmpty && deleted.standardError.isEmpty, "\(deleted)")
        let lookup = await run(["ip", "-n", namespace.name, "tcp_metrics", "show", "127.0.0.2"])
        #expect(lookup.standardError == "RTNETLINK answers: No such process\n" && lookup.status == 2, "\(lookup)")

        let before = await run(["ip", "-n", namespace.name, "tcp_metrics", "show", "127.0.0.0/8"])
        let count = before.standardOutput.split(separator: "\n").count
        let flushed = await nlctl(["-n", namespace.name, "-s", "-s", "tcp_metrics", "flush", "127.0.0.0/8"])
        #expect(flushed.status == 0)
        let lines = flushed.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("Deleted 127.") }.count == count, "\(flushed)")
        #expect(flushed.standardOutput.hasSuffix("\n\n*** Round 1, deleting \(count) entries ***\n*** Flush is complete after 1 round ***\n"), "\(flushed)")
        let nothing = await nlctl(["-n", namespace.name, "tcp_metrics", "flush", "127.0.0.0/8"])
        #expect(nothing.standardError == "Nothing to flush.\n" && nothing.status == 0)
        let left = await run(["ip", "-n", namespace.name, "tcp_metrics"])
        #expect(left.standardOutput.hasPrefix("::1 "), "\(left)")

        let all = await nlctl(["-n", namespace.name, "tcp_metrics", "flush"])
        #expect(all.status == 0 && all.standardOutput.isEmpty && all.standardError.isEmpty, "\(all)")
        #expect(await run(["ip", "-n", namespace.name, "tcp_metrics"]).standardOutput.isEmpty)
    }
}
