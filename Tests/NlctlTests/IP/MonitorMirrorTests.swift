import Testing

/// `nlctl monitor mirror`: the table it prints at exit lists the same routes as
/// `ip route show table all`, including after the kernel removed routes silently (link down).
@Suite("nlctl monitor mirror", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct MonitorMirrorTests {
    /// The route lines of a `monitor mirror` table (everything after the summary line), as a set.
    func routeLines(_ output: String) -> Set<String> {
        let lines = output.split(separator: "\n").map(String.init)
        guard let summary = lines.firstIndex(where: { $0.hasPrefix("Mirror table:") }) else { return [] }
        return Set(lines[(summary + 1)...])
    }

    @Test func tableMatchesIPRouteShow() async throws {
        let namespace = try ScratchNamespace()
        try await namespace.ip("link set lo up")
        try await namespace.ip("link add m0 type ifb")
        try await namespace.ip("link set m0 up")
        try await namespace.ip("address add 192.0.2.1/24 dev m0")
        try await namespace.ip("route add 198.51.100.0/24 via 192.0.2.2 dev m0")
        try await namespace.ip("route add 203.0.113.0/24 dev m0 table 100 metric 7")
        let run = await nlctl(["-n", namespace.name, "monitor", "mirror", "duration", "0.2"])
        #expect(run.status == 0, "\(run)")
        #expect(run.standardOutput.contains("Mirror: resynced (initial dump)"), "\(run)")
        let expected = await Set(MonitorMirrorTestsSupport.lines(of: ["ip", "-n", namespace.name, "route", "show", "table", "all"]))
        #expect(routeLines(run.standardOutput) == expected, "\(run)")

        // Down: the IPv4 routes through m0 vanish without a notification; the mirror follows.
        try await namespace.ip("link set m0 down")
        let after = await nlctl(["-n", namespace.name, "monitor", "mirror", "duration", "0"])
        let expectedAfter = await Set(MonitorMirrorTestsSupport.lines(of: ["ip", "-n", namespace.name, "route", "show", "table", "all"]))
        #expect(routeLines(after.standardOutput) == expectedAfter, "\(after)")
        #expect(!after.standardOutput.contains("198.51.100.0/24"))
    }

    @Test func badArgument() async {
        let run = await nlctl(["monitor", "mirror", "duration", "soon"])
        #expect(run.status == 255)
        #expect(run.standardError.contains("soon"))
    }

    /// Durations no clock can hold are refused with the same message, never a trap (1e16 seconds
    /// used to die with SIGILL converting to Int64 milliseconds).
    @Test(arguments: ["1e16", "inf", "-inf", "nan", "-1", "1e400", "31622401"])
    func durationOutOfRange(_ text: String) async {
        let run = await nlctl(["monitor", "mirror", "duration", text])
        #expect(run.status == 255, "\(text): \(run)")
        #expect(run.standardError == "Error: argument \"\(text)\" is wrong: duration\n", "\(text)")
    }
}

enum MonitorMirrorTestsSupport {
    static func lines(of arguments: [String]) async -> [String] {
        await run(arguments).standardOutput.split(separator: "\n").map(String.init)
    }
}
