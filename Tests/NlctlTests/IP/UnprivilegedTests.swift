import Testing

/// nlctl run by an unprivileged user (uid and gid 65534, no capabilities) inside a scratch
/// namespace (`ip netns exec`, then `setpriv`), next to ip the same way: the same output, messages
/// and exit statuses — reading works, every change is refused as ip refuses it.
@Suite("nlctl without privileges vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct UnprivilegedTests {
    static let nobody = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"]

    static let commands = [
        "addr flush dev lo", "tuntap add mode tap name tp0", "tuntap del mode tap name tp0", "link show", "addr show dev lo",
        "-j route show table all", "link set lo down", "link add x0 type ifb", "addr add 192.0.2.9/24 dev lo",
        "route add 198.51.100.0/24 dev lo", "neigh flush dev lo", "route flush dev lo", "rule add table 7",
    ]

    @Test(arguments: commands)
    func sameAsIP(_ command: String) async throws {
        let withIP = try ScratchNamespace()
        let withNlctl = try ScratchNamespace()
        for namespace in [withIP, withNlctl] {
            try await namespace.ip("link set lo up")
            try await namespace.ip("addr add 192.0.2.1/24 dev lo")
        }
        let words = command.split(separator: " ").map(String.init)
        let expected = await run(["ip", "netns", "exec", withIP.name] + Self.nobody + ["ip"] + words)
        let actual = await run(["ip", "netns", "exec", withNlctl.name] + Self.nobody + [nlctlPath] + words)
        #expect(actual.status == expected.status, "\(command): \(actual) against \(expected)")
        #expect(actual.standardError == expected.standardError.replacingIP(), "\(command)")
        #expect(actual.standardOutput == expected.standardOutput, "\(command)")
        #expect(await run(["ip", "-n", withNlctl.name, "addr", "show"]).standardOutput
            == (await run(["ip", "-n", withIP.name, "addr", "show"])).standardOutput, "\(command): nothing changed")
    }
}
