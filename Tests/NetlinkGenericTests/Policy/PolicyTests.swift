import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric
import SystemPackage
import Testing

/// `CTRL_CMD_GETPOLICY` against the kernel: every family's policies decode into a tree; the
/// requests this module builds validate against the kernel's own policy, and a request the policy
/// refuses is refused by the kernel too.
@Suite("Generic netlink policies", .enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
struct PolicyTests {
    @Test func everyFamilysPoliciesDecode() async throws {
        let (_, connection) = try await genericTestConnection()
        for family in try await connection.genericFamilies() {
            let hasPolicy = family.operations.contains { $0.flags.contains(.hasPolicy) }
            let messages: [GenericPolicyMessage]
            do throws(NetlinkError) {
                messages = try await connection.genericPolicyMessages(family: family.name)
            } catch {
                // A family without any policy answers EOPNOTSUPP; one with policies must not fail.
                #expect(!hasPolicy, "\(family.name): \(error)")
                #expect(error.errno == Errno(rawValue: EOPNOTSUPP), "\(family.name): \(error)")
                continue
            }
            do {
                let tree = GenericPolicies(messages)
                #expect(tree.familyID == family.id, "\(family.name)")
                #expect(!tree.operations.isEmpty, "\(family.name)")
                let attributes = tree.policies.values.reduce(0) { $0 + $1.count }
                print("policies of \(family.name): \(messages.count) messages, \(tree.policies.count) policies, \(attributes) attributes")
                // Each message round-trips through encode.
                for message in messages {
                    var builder = NetlinkMessageBuilder()
                    try builder.message(type: GenericNetlink.controllerID, flags: [], sequence: 1) { b in try message.encode(into: &b) }
                    var cursor = NetlinkMessages(builder.bytes.span.bytes)
                    guard let again = try cursor.next() else {
                        Issue.record("no message")
                        continue
                    }
                    #expect(try GenericPolicyMessage(decoding: again) == message, "\(family.name)")
                }
                // Nested policies point at policies the dump contains.
                for policy in tree.policies.values {
                    for rule in policy.values {
                        if let inner = rule.policyIndex { #expect(tree.policies[inner] != nil, "\(family.name): policy \(inner)") }
                    }
                }
            }
        }
    }

    /// The controller's own requests, as this module encodes them, pass the kernel's policy of
    /// `CTRL_CMD_GETFAMILY` and `CTRL_CMD_GETPOLICY`; a name longer than the policy allows is a
    /// violation here and an error from the kernel.
    @Test func requestsValidateAgainstTheKernelsPolicy() async throws {
        let (_, connection) = try await genericTestConnection()
        let tree = try await connection.genericPolicies(family: "nlctrl")
        let getFamily = try #require(tree.operations.first { $0.command == UInt32(ControllerCommand.getFamily) }?.doPolicy)
        func attributes(_ build: (inout NetlinkMessageBuilder) throws -> Void) rethrows -> [UInt8] {
            var builder = NetlinkMessageBuilder()
            try build(&builder)
            return builder.bytes
        }
        let byName = try attributes { try $0.appendAttribute(ControllerAttribute.familyName, string: "ethtool") }
        let byID = try attributes { try $0.appendAttribute(ControllerAttribute.familyID, uint16: 0x10, .host) }
        #expect(tree.violations(of: byName, policy: getFamily).isEmpty)
        #expect(tree.violations(of: byID, policy: getFamily).isEmpty)
        // CTRL_CMD_GETPOLICY's dump policy takes the family and an operation.
        let dumpPolicy = try #require(tree.operations.first { $0.dumpPolicy != nil && $0.doPolicy == nil }?.dumpPolicy)
        let policyRequest = try attributes {
            try $0.appendAttribute(ControllerAttribute.familyName, string: "ethtool")
            try $0.appendAttribute(ControllerAttribute.operation, uint32: 1, .host)
        }
        #expect(tree.violations(of: policyRequest, policy: dumpPolicy).isEmpty)

        // Too long a name: the policy says max len 15; the kernel refuses it.
        let long = try attributes { try $0.appendAttribute(ControllerAttribute.familyName, string: String(repeating: "x", count: 20)) }
        let problems = tree.violations(of: long, policy: getFamily)
        #expect(problems.count == 1 && problems[0].contains("above 15"), "\(problems)")
        let refused = await #expect(throws: NetlinkError.self) {
            try await connection.genericFamily(named: String(repeating: "x", count: 20))
        }
        #expect(refused?.errno == Errno(rawValue: EINVAL) || refused?.errno == Errno(rawValue: ERANGE), "\(String(describing: refused))")
        // A u16 ID given 4 bytes: longer than a U16 is accepted without strict validation, which
        // the controller's GETFAMILY does not ask for — the check here is as lenient, and the
        // kernel answers.
        let wide = try attributes { try $0.appendAttribute(ControllerAttribute.familyID, uint32: 0x10, .host) }
        #expect(tree.violations(of: wide, policy: getFamily).isEmpty)
        let answer = try await connection.genericExecute(family: GenericNetlink.controllerID.rawValue, command: ControllerCommand.getFamily) { b in
            b.append(bytes: wide)
        }
        #expect(answer.replies.count == 1)
        // Too short a U16 (1 byte): a violation here, EINVAL (or ERANGE) from the kernel.
        let short = try attributes { try $0.appendAttribute(ControllerAttribute.familyID, uint8: 0x10) }
        #expect(tree.violations(of: short, policy: getFamily) == ["[1]: U16 needs 2 bytes, got 1"])
        let shortRefused = await #expect(throws: NetlinkError.self) {
            try await connection.genericExecute(family: GenericNetlink.controllerID.rawValue, command: ControllerCommand.getFamily) { b in
                b.append(bytes: short)
            }
        }
        #expect(shortRefused?.errno == Errno(rawValue: EINVAL) || shortRefused?.errno == Errno(rawValue: ERANGE), "\(String(describing: shortRefused))")
        let unknown = try attributes { try $0.appendAttribute(99, uint32: 1, .host) }
        #expect(tree.violations(of: unknown, policy: getFamily) == ["[99]: not in policy \(getFamily)"])
    }
}
