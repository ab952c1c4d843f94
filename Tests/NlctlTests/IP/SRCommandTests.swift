import Glibc
import Testing

/// `nlctl sr` against `ip sr` on twin namespaces, step by step: outputs, errors and exit statuses
/// byte for byte (this kernel has no SRv6 HMAC: `hmac show` is its ENOTSUPP, as ip prints it).
@Suite("nlctl sr vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct SRCommandTests {
    static let steps = [
        "sr", "sr help", "sr foo", "sr tunsrc", "sr tunsrc show", "-j sr tunsrc show", "sr tunsrc set fd00::5", "sr tunsrc show",
        "-j sr tunsrc show", "sr tunsrc set 10.0.0.1", "sr tunsrc set", "sr tunsrc foo", "sr t s", "sr hmac", "sr hmac show",
        "-j sr hmac show", "sr hmac foo", "sr hmac set 0 sha1", "sr hmac set 5 md5", "sr hmac set", "sr hmac set 5",
    ]

    @Test func sameAsIP() async throws {
        try await expectSameStepsAsIP(Self.steps, object: "sr")
    }

    /// `hmac set` (ip reads the secret with getpass) is refused in one line, not half done.
    @Test func hmacSetIsRefusedClearly() async throws {
        let namespace = try ScratchNamespace()
        let result = await nlctl(["-n", namespace.name, "sr", "hmac", "set", "5", "sha256"])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("nlctl: sr hmac set: not implemented yet"))
    }
}
