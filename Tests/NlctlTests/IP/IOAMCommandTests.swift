import Glibc
import Testing

/// `nlctl ioam` against `ip ioam` on twin namespaces, step by step: outputs, errors and exit
/// statuses byte for byte; `-j` with ip's keys (a schema's data as an array of its bytes, where ip
/// writes them under empty keys).
@Suite("nlctl ioam vs ip", .enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
struct IOAMCommandTests {
    static let steps = [
        "ioam", "ioam help", "ioam foo", "ioam namespace", "ioam namespace show", "ioam namespace add 5 data 7 wide 0x11",
        "ioam namespace add 5", "ioam namespace add 6 data 0 wide 0", "ioam namespace add 7 wide ffffffffffffffff", "ioam namespace add 8 data 0x10",
        "ioam namespace show", "-j ioam namespace show", "ioam schema add 3 hello", "ioam schema add 4 x", "ioam schema show",
        "ioam namespace set 5 schema 3", "ioam namespace set 6 schema 99", "ioam namespace show", "ioam schema show", "ioam namespace set 5 schema none",
        "ioam namespace del 9", "ioam namespace del 6", "ioam schema del 4", "ioam schema del 4", "ioam namespace show", "ioam schema show",
        "ioam namespace add x", "ioam namespace add 70000", "ioam namespace add 7 wide", "ioam namespace add 9 data 1 foo 2",
        "ioam namespace add 9 wide 1 data 2", "ioam namespace add 9 bar", "ioam namespace add 9 wide zz", "ioam namespace set 5 scheme 3",
        "ioam namespace set 5 schema x", "ioam namespace foo", "ioam schema add", "ioam schema add 5", "ioam schema add y z", "ioam schema foo",
        "ioam schema del", "ioam schema del q",
    ]

    @Test func sameAsIP() async throws {
        // The kernel lists namespaces and schemas in the order of a hash table seeded per network
        // namespace: the same lines, in any order.
        try await expectSameStepsAsIP(Self.steps, object: "ioam", normalize: Self.unordered)
    }

    /// Text lines, or the objects of a one-line JSON array, sorted.
    static func unordered(_ output: String) -> [String] {
        if output.hasPrefix("[{") {
            return output.dropFirst(2).dropLast(3).split(separator: "},{", omittingEmptySubsequences: false).map(String.init).sorted()
        }
        return output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).sorted()
    }

    @Test func schemaJSONIsValidWithIPsKeys() async throws {
        let namespace = try ScratchNamespace()
        for command in ["ioam schema add 3 hi", "ioam namespace add 5", "ioam namespace set 5 schema 3"] {
            #expect(await nlctl(["-n", namespace.name] + command.split(separator: " ").map(String.init)).status == 0)
        }
        let json = await nlctl(["-n", namespace.name, "-j", "ioam", "schema", "show"])
        #expect(json.standardOutput == "[{\"schema\":3,\"namespace\":5,\"data\":[104,105,0,0]}]\n", "\(json)")
    }
}
