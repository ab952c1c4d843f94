import Netlink
import NetlinkAudit
import NetlinkCore
import NetlinkTestSupport
import Testing

/// Audit rules (`struct audit_rule_data`) and the setters, with the fake kernel: the tests never
/// change the host's audit state (it is the host's in every network namespace).
@Suite("audit rules and setters")
struct AuditRuleTests {
    /// `-a always,exit -F arch=b64 -S openat -F path=/etc/shadow -F key=shadow`, laid out as auditctl
    /// sends it: three fields, two of them strings in `buf`. Computed, not stored: a stored static
    /// keeps its arrays behind enum payloads whose spare bits hide the pointers from LeakSanitizer,
    /// which then reports them as leaked (the ASan stage failed on it).
    static var shadowRule: AuditRule { AuditRule(
        list: .exit, action: .always,
        systemCallMask: (0..<64).map { $0 == 257 / 32 ? 1 << (257 % 32) : 0 },
        fields: [
            .init(field: 11, operator: AuditRule.Field.equal, value: .number(0xC000_003E)),   // AUDIT_ARCH, x86_64
            .init(field: 105, operator: AuditRule.Field.equal, value: .bytes(Array("/etc/shadow".utf8))),   // AUDIT_WATCH
            .init(field: 210, operator: AuditRule.Field.equal, value: .bytes(Array("shadow".utf8))),        // AUDIT_FILTERKEY
        ]) }

    static func bytes(_ rule: AuditRule) throws -> [UInt8] {
        var builder = NetlinkMessageBuilder()
        try rule.encode(into: &builder)
        return builder.bytes
    }

    @Test func ruleLayoutAndRoundTrip() async throws {
        let bytes = try Self.bytes(Self.shadowRule)
        #expect(bytes.count == AuditRule.fixedSize + 17)
        func word(_ index: Int) -> UInt32 { bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self) } }
        #expect(word(0) == 4 && word(1) == 2 && word(2) == 3)              // flags (exit), action (always), field_count
        #expect(word(3 + 8) == 2)                                           // mask: openat, 257 = 8 * 32 + 1
        #expect([word(67), word(68), word(69)] == [11, 105, 210])           // fields
        #expect([word(131), word(132), word(133)] == [0xC000_003E, 11, 6])  // values: the number, then string lengths
        #expect(word(195) == 0x4000_0000)                                   // fieldflags: AUDIT_EQUAL
        #expect(word(259) == 17)                                            // buflen
        #expect(Array(bytes[1040...]) == Array("/etc/shadowshadow".utf8))
        let kernel = FakeNetlinkKernel()
        let never = try Self.bytes(AuditRule(list: .task, action: .never))
        kernel.on(type: AuditMessageType.listRules) { _ in [.dump(type: AuditMessageType.listRules, payloads: [bytes, never])] }
        let connection = try NetlinkConnection(transport: kernel)
        defer { connection.close() }
        let rules = try await connection.auditRules()
        #expect(rules == [Self.shadowRule, AuditRule(list: .task, action: .never)])
        #expect(rules.first?.matchesSystemCall(257) == true && rules.first?.matchesSystemCall(256) == false)
    }

    /// Decodes `payload` as the payload of an `AUDIT_LIST_RULES` answer.
    static func decode(_ payload: [UInt8]) throws -> AuditRule? {
        var builder = NetlinkMessageBuilder()
        try builder.message(type: AuditMessageType.listRules, flags: [], sequence: 0, portID: 0) { $0.append(bytes: payload) }
        let bytes = builder.bytes
        var messages = NetlinkMessages(bytes.span.bytes)
        while let message = try messages.next() { return try AuditRule(decoding: message) }
        return nil
    }

    @Test func malformedRulesAreErrors() throws {
        let bytes = try Self.bytes(Self.shadowRule)
        #expect(try Self.decode(bytes) == Self.shadowRule)
        for (offset, value) in [(1036, UInt32(99)), (8, 65), (532, 60)] {   // buflen past the end; 65 fields; a string longer than buf
            var broken = bytes
            broken.withUnsafeMutableBytes { $0.storeBytes(of: value, toByteOffset: offset, as: UInt32.self) }
            #expect(throws: NetlinkDecodingError.self, "word at \(offset) = \(value)") { _ = try Self.decode(broken) }
        }
        #expect(throws: NetlinkDecodingError.self) { _ = try Self.decode(Array(bytes.prefix(1000))) }
        // A string field given a number cannot be encoded.
        #expect(throws: NetlinkEncodingError.self) {
            _ = try Self.bytes(AuditRule(list: .exit, action: .always, fields: [.init(field: 210, operator: AuditRule.Field.equal, value: .number(1))]))
        }
    }

    @Test func settersSendWhatTheKernelReads() async throws {
        let kernel = FakeNetlinkKernel()
        let connection = try NetlinkConnection(transport: kernel)
        defer { connection.close() }
        try await connection.setAuditStatus(AuditStatus(mask: AuditStatus.Field.backlogLimit | AuditStatus.Field.rateLimit, rateLimit: 100, backlogLimit: 8192))
        try await connection.setAuditFeatures(AuditFeatures(mask: 1 << AuditFeatures.loginUIDImmutable, features: 1 << AuditFeatures.loginUIDImmutable, lock: 0))
        try await connection.addAuditRule(Self.shadowRule)
        try await connection.deleteAuditRule(Self.shadowRule)
        let requests = kernel.requests
        #expect(requests.map(\.type) == [AuditMessageType.set, AuditMessageType.setFeature, AuditMessageType.addRule, AuditMessageType.deleteRule])
        #expect(requests.allSatisfy { $0.flags.contains(.acknowledge) })
        #expect(requests[0].payload.count == 44)
        #expect(Array(requests[0].payload.prefix(24)) == [0x18, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0, 0, 0x20, 0, 0])
        #expect(requests[1].payload == [1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0])
        #expect(requests[2].payload == (try Self.bytes(Self.shadowRule)))
        kernel.on(type: AuditMessageType.set) { _ in [.error(.notPermitted)] }
        await #expect(throws: NetlinkError.self) { try await connection.setAuditStatus(AuditStatus(mask: AuditStatus.Field.enabled, enabled: 1)) }
    }
}
