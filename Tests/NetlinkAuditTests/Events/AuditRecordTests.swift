import Foundation
import Glibc
import Netlink
import NetlinkAudit
import NetlinkCore
import NetlinkTestSupport
import Testing

/// Audit records of the `AUDIT_NLGRP_READLOG` group: golden bytes through the fake kernel; against
/// the kernel, only that root may join the group in the initial namespace (read only) and that the
/// subscription ends cleanly — which records the host logs meanwhile is not ours to cause.
@Suite("audit records")
struct AuditRecordTests {
    @Test func recordsFromGoldenBytes() async throws {
        let kernel = FakeNetlinkKernel()
        var configuration = NetlinkConnection.Configuration()
        configuration.groups = [AuditMessageType.readLogGroup]
        let connection = try NetlinkConnection(transport: kernel, configuration: configuration)
        defer { connection.close() }
        let config = Array("audit(1733570000.123:42): op=set audit_backlog_limit=8192 old=64 auid=0 ses=1 res=1".utf8)
        kernel.inject([
            .event(group: 1, type: NetlinkMessageType(rawValue: 1305), payload: config + [0, 0, 0]),     // AUDIT_CONFIG_CHANGE, NUL padding
            .event(group: 1, type: NetlinkMessageType(rawValue: 1000), payload: [UInt8](repeating: 0, count: 44)),   // not a record: skipped
            .event(group: 1, type: NetlinkMessageType(rawValue: 1320), payload: Array("audit(1733570000.123:42): ".utf8)),
            .event(group: 1, type: NetlinkMessageType(rawValue: 1300), payload: Array("no stamp \u{1} here".utf8)),
        ])
        var iterator = AuditRecords(connection: connection).makeAsyncIterator()
        var records: [AuditRecord] = []
        while records.count < 3, case .event(let record)? = try await iterator.next() { records.append(record) }
        #expect(records.map(\.type) == [1305, AuditRecord.endOfEvent, 1300])
        #expect(records[0].text == config)
        #expect(records[0].stamp.map { [$0.seconds, UInt64($0.milliseconds), $0.serial] } == [1_733_570_000, 123, 42])
        #expect(records[0].body == Array("op=set audit_backlog_limit=8192 old=64 auid=0 ses=1 res=1".utf8))
        #expect(records[1].body == [])
        #expect(records[2].stamp == nil)
        #expect(records[2].body == Array("no stamp \u{1} here".utf8))
    }

    @Test(arguments: ["audit(", "audit(1.", "audit(1.1000:2): x", "audit(99999999999999999999.1:2): x", "audit(1.2:3)", "audit(1.2:3):"])
    func stampsThatAreNot(_ text: String) {
        let record = AuditRecord(type: 1300, text: Array(text.utf8))
        if text == "audit(1.2:3):" {
            #expect(record.stamp.map { [$0.seconds, UInt64($0.milliseconds), $0.serial] } == [1, 2, 3])
            #expect(record.body == [])
        } else {
            #expect(record.stamp == nil, "\(text)")
            #expect(record.body == Array(text.utf8))
        }
    }

    @Test(.enabled(if: getuid() == 0, "joining the audit log group needs CAP_AUDIT_READ (run as root)"))
    func rootJoinsTheLogGroup() async throws {
        let connection = try await NetlinkConnection(family: .audit)
        defer { connection.close() }
        let records = try await connection.auditRecords()
        // /proc/net/netlink: "sk Eth Pid Groups ...": our socket of protocol 9 with group 1 joined.
        let port = records.connection.localAddress.portID
        let table = (try? String(contentsOfFile: "/proc/net/netlink", encoding: .utf8)) ?? ""
        var groups: UInt32?
        for line in table.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.count > 3, words[1] == "9", UInt32(words[2]) == port else { continue }
            groups = UInt32(words[3], radix: 16)
        }
        #expect(groups == 1, "\(table)")
        records.connection.close()
        var iterator = records.makeAsyncIterator()
        while let element = try await iterator.next() {   // whatever the host logged meanwhile, then the end
            if case .event(let record) = element { #expect(record.type >= 1100) }
        }
    }
}
