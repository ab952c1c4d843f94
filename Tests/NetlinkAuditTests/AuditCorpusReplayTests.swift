import Foundation
import NetlinkAudit
import NetlinkCore
import NetlinkSELinux
import Testing

/// The FuzzAudit corpus (`FuzzTesting/Corpus/FuzzAudit`: this kernel's answers to AUDIT_GET,
/// AUDIT_GET_FEATURE and AUDIT_LIST_RULES — read only —, a rule, records and SELinux notifications
/// laid out by hand,
/// malformed inputs, and any crash input kept) replayed through the fuzz checks, and each named
/// input decoding, or not, as its name says.
@Suite("FuzzAudit corpus replay")
struct AuditCorpusReplayTests {
    static let folder: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzTesting/Corpus/FuzzAudit", isDirectory: true)

    static func bytes(_ name: String) throws -> [UInt8] { try [UInt8](Data(contentsOf: folder.appendingPathComponent(name))) }

    /// The first message of `bytes`, decoded by `decode`.
    static func first<T>(_ bytes: [UInt8], _ decode: (borrowing NetlinkMessage) throws -> T?) throws -> T? {
        var messages = NetlinkMessages(bytes.span.bytes)
        while let message = try messages.next() { return try decode(message) }
        return nil
    }

    @Test func replay() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.folder, includingPropertiesForKeys: nil)
        try #require(files.count >= 8, "FuzzAudit/ holds \(files.count) inputs")
        for file in files {
            do {
                try AuditFuzzChecks.check(try [UInt8](Data(contentsOf: file)))
            } catch {
                Issue.record("\(file.lastPathComponent): \(error)")
            }
        }
        let status = try Self.first(Self.bytes("kernel-status.bin")) { try AuditStatus(decoding: $0) }
        #expect(status?.backlogWaitTime != nil, "\(String(describing: status))")
        #expect(try Self.first(Self.bytes("seed-rule.bin")) { try AuditRule(decoding: $0) }?.fields.count == 3)
        let record = try Self.first(Self.bytes("seed-record.bin")) { AuditRecord(decoding: $0) }
        #expect(record?.stamp?.serial == 42)
        #expect(throws: NetlinkDecodingError.self) { _ = try Self.first(Self.bytes("malformed-rule-fields.bin")) { try AuditRule(decoding: $0) } }
        #expect(throws: NetlinkDecodingError.self) { _ = try Self.first(Self.bytes("malformed-status-short.bin")) { try AuditStatus(decoding: $0) } }
        #expect(try Self.first(Self.bytes("seed-selinux.bin")) { try SELinuxEvent(decoding: $0) } == .setEnforce(1))
        #expect(throws: NetlinkDecodingError.self) { _ = try Self.first(Self.bytes("malformed-selinux-short.bin")) { try SELinuxEvent(decoding: $0) } }
    }
}
