import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric
import SystemPackage
import Testing

/// The `IOAM6` family against the kernel: namespaces and schemas added, attached, listed, detached
/// and deleted, with the kernel's refusals typed; our requests checked against its policy.
@Suite("IOAM6", .enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
struct IOAM6Tests {
    @Test func namespacesAndSchemas() async throws {
        let (_, connection) = try await genericTestConnection()
        let id = try await connection.genericFamily(named: IOAM6.familyName).id
        #expect(try await connection.ioam6Namespaces(familyID: id).isEmpty)
        try await connection.addIOAM6Namespace(IOAM6Namespace(id: 5, data: 7, wideData: 0x11), familyID: id)
        try await connection.addIOAM6Namespace(IOAM6Namespace(id: 6), familyID: id)
        let duplicate = await #expect(throws: NetlinkError.self) { try await connection.addIOAM6Namespace(IOAM6Namespace(id: 5), familyID: id) }
        #expect(duplicate?.errno == Errno(rawValue: EEXIST))
        try await connection.addIOAM6Schema(id: 3, data: Array("hello".utf8), familyID: id)
        try await connection.setIOAM6NamespaceSchema(5, schema: 3, familyID: id)
        let namespaces = try await connection.ioam6Namespaces(familyID: id).sorted { $0.id < $1.id }
        #expect(namespaces == [IOAM6Namespace(id: 5, data: 7, wideData: 0x11, schemaID: 3), IOAM6Namespace(id: 6)], "\(namespaces)")
        let schemas = try await connection.ioam6Schemas(familyID: id)
        #expect(schemas == [IOAM6Schema(id: 3, data: Array("hello".utf8) + [0, 0, 0], namespaceID: 5)], "padded to four bytes: \(schemas)")
        try await connection.setIOAM6NamespaceSchema(5, schema: nil, familyID: id)
        #expect(try await connection.ioam6Namespaces(familyID: id).first { $0.id == 5 }?.schemaID == nil)
        try await connection.deleteIOAM6Schema(3, familyID: id)
        try await connection.deleteIOAM6Namespace(6, familyID: id)
        let missing = await #expect(throws: NetlinkError.self) { try await connection.deleteIOAM6Namespace(6, familyID: id) }
        #expect(missing?.errno == Errno(rawValue: ENOENT))
        #expect(try await connection.ioam6Schemas(familyID: id).isEmpty)
    }

    @Test func requestsValidateAgainstTheKernelsPolicy() async throws {
        let (_, connection) = try await genericTestConnection()
        let tree = try await connection.genericPolicies(family: IOAM6.familyName)
        func check(_ command: UInt8, _ build: (inout NetlinkMessageBuilder) throws -> Void) throws {
            var builder = NetlinkMessageBuilder()
            try build(&builder)
            let operation = try #require(tree.operations.first { $0.command == UInt32(command) })
            let policy = try #require(operation.doPolicy)
            #expect(tree.violations(of: builder.bytes, policy: policy).isEmpty, "command \(command): \(tree.violations(of: builder.bytes, policy: policy))")
        }
        try check(IOAM6.addNamespace) { try IOAM6Namespace(id: 1, data: 2, wideData: 3).encode(into: &$0) }
        try check(IOAM6.addSchema) { try IOAM6Schema(id: 1, data: [1, 2, 3, 4]).encode(into: &$0) }
        try check(IOAM6.setNamespaceSchema) {
            try $0.appendAttribute(IOAM6Attribute.namespaceID, uint16: 1, .host)
            try $0.appendFlagAttribute(IOAM6Attribute.schemaNone)
        }
    }
}
