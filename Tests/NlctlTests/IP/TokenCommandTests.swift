import Testing

/// `nlctl token` against `ip token`, step by step on twin namespaces: the list (loopback and
/// NOARP links left out), set, delete, the kernel's refusals and ip's argument handling.
@Suite("nlctl token vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct TokenCommandTests {
    @Test func stepsSameAsIP() async throws {
        try await expectSameStepsAsIP([
            "link set lo up", "link add va type veth peer name vb", "link add i0 type ifb", "link set va up",
            "token", "-j token", "token set ::1a/64 dev va", "token", "token get dev va", "token list dev vb", "token show frob dev va",
            "token set ::2 dev lo", "token set ::3 dev i0", "token set ::4", "token set dev va", "token set ::5 dev nope",
            "token set bogus dev va", "token set 10.0.0.1 dev va", "token set ::7 dev va dev vb", "token", "-j -p token",
            "token del dev va", "token", "token frob", "token help", "token list dev nope",
        ], object: "token")
        let namespace = try ScratchNamespace()
        try await namespace.ip("link add va type veth peer name vb")
        _ = await nlctl(["-n", namespace.name, "token", "set", "::1a:2b:3c", "dev", "va"])
        let shown = await nlctl(["-n", namespace.name, "token", "get", "dev", "va"])
        #expect(shown.standardOutput == "token ::1a:2b:3c dev va\n", "\(shown)")
    }
}
