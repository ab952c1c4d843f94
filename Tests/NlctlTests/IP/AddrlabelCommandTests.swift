import Testing

/// `nlctl addrlabel` against `ip addrlabel`, step by step on twin namespaces: the same table, the
/// same output, errors and exit statuses (ip's usage and kernel errors, the label it reserves,
/// the words it ignores), and `flush` emptying the table, the defaults included.
@Suite("nlctl addrlabel vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason), .serialized)
struct AddrlabelCommandTests {
    @Test func stepsSameAsIP() async throws {
        try await expectSameStepsAsIP([
            "addrlabel", "-j addrlabel", "addrlabel list", "addrlabel s", "addrlabel lst",
            "addrlabel add prefix 2001:db8::/32 dev lo label 100",
            "addrlabel add prefix 2001:db8::/32 dev lo label 100",
            "addrlabel a prefix 2001:db8:1::/48 label 0x10 foo bar",
            "addrlabel add prefix 2001:db8:2::1 label 9",
            "addrlabel add prefix 2001:db8:3::/48 label 5 label 6",
            "addrlabel add prefix 2001:db8:4::/48 prefix 2001:db8:5::/48 label 5",
            "-6 addrlabel add prefix default label 5",
            "addrlabel add prefix default label 5",
            "addrlabel add prefix all label 5",
            "addrlabel add prefix 10.0.0.0/8 label 3",
            "-4 addrlabel add prefix 10.0.0.0/8 label 3",
            "addrlabel add prefix 2001:db8:6::/48 dev nosuch label 2",
            "addrlabel add prefix 2001:db8:6::/48 label 0xffffffff",
            "addrlabel add prefix 2001:db8:6::/48 label -1",
            "addrlabel add prefix 2001:db8:6::/48 label 4294967296",
            "addrlabel add prefix 2001:db8:6::/129 label 1",
            "addrlabel add prefix bogus label 1",
            "addrlabel add label 1", "addrlabel add prefix 2001:db8:6::/48", "addrlabel add prefix", "addrlabel add prefix 2001:db8:6::/48 dev",
            "addrlabel", "-j -p addrlabel", "-o addrlabel", "-4 addrlabel", "-0 addrlabel",
            "addrlabel list extra", "addrlabel flush extra", "addrlabel frob", "addrlabel help",
            "addrlabel del prefix 2001:db8:3::/48 label 99",
            "addrlabel d prefix 2001:db8:3::/48 label 6",
            "addrlabel del prefix 2001:db8::/32 label 100",
            "addrlabel del prefix 2001:db8::/32 dev lo label 1",
            "addrlabel",
            "addrlabel flush", "addrlabel", "-j addrlabel",
        ], object: "addrlabel")
    }
}
