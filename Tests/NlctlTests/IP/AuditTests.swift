import Glibc
import Testing

/// Discrepancies found by `scripts/audit-vs-ip.sh` (nlctl against ip 6.1 on one rich namespace) that
/// fit no other suite: global options and counters printed with `-h`/`-iec`.
@Suite("AuditTests: nlctl vs ip 6.1, options found by the audit", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct AuditTests {
    /// `-h` scales counters as ip's print_num (`2.74k`, `1.32ki` with `-iec`, widths not widened).
    /// Loopback carries a few large datagrams first (inside the scratch namespace) so values pass 1000.
    @Test(arguments: [
        "-h -s link show lo", "-human -s -s link show lo", "-h -iec -s link show lo", "-iec -s link show lo",
        "-h -s addr show dev lo", "-h -s -o link show lo",
    ])
    func humanReadableCounters(_ command: String) async throws {
        let namespace = try ScratchNamespace()
        try await namespace.ip("link set lo up")
        // Three 1400-byte UDP datagrams to the discard port of the namespace's loopback (no ping here).
        let send = "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nfor _ in range(3): s.sendto(b'x' * 1400, ('127.0.0.1', 9))"
        let traffic = await run(["ip", "netns", "exec", namespace.name, "python3", "-c", send])
        try #require(traffic.status == 0, "traffic on the namespace's loopback: \(traffic)")
        let words = command.split(separator: " ").map(String.init)
        let expected = await run(["ip", "-n", namespace.name] + words)
        let actual = await nlctl(["-n", namespace.name] + words)
        #expect(actual.standardOutput == expected.standardOutput, "stdout of \(command)")
        #expect(actual.standardError == expected.standardError, "stderr of \(command)")
        #expect(actual.status == expected.status, "exit status of \(command)")
        #expect(actual.standardOutput.contains("k "), "\(command) has scaled values")
    }

    /// Options without an object, and `-rcvbuf` with a size that is not a number: ip's usage or
    /// message on stderr and its exit status.
    @Test(arguments: ["-s", "-j", "-rc link", "-rcvbuf x link", "-rc 65536 link show lo", "-n"])
    func optionsAlone(_ command: String) async {
        let words = command.split(separator: " ").map(String.init)
        let expected = await run(["ip"] + words)
        let actual = await nlctl(words)
        #expect(actual.status == expected.status, "exit status of \(command)")
        #expect(actual.standardOutput == expected.standardOutput, "stdout of \(command)")
        #expect(actual.standardError.isEmpty == expected.standardError.isEmpty, "stderr of \(command)")
    }

    /// `netns list-id` with a word it does not know: ip's usage (255).
    @Test func netnsListIDArguments() async {
        let expected = await run(["ip", "netns", "list-id", "target", "nope"])
        let actual = await nlctl(["netns", "list-id", "target", "nope"])
        #expect(actual.status == expected.status)
        #expect(actual.standardError.hasPrefix("Usage: nlctl netns"))
    }
}
