import Glibc
import KernelFeatures
import Netlink
import NetlinkAudit
import NetlinkCore
import NetlinkTestSupport
import Testing

/// The audit status: read from the kernel (the host's state, never changed here) and compared with
/// what `auditctl -s` reads; the codecs on golden bytes through the fake kernel, an older kernel's
/// shorter structure and a truncated one included.
@Suite("audit status")
struct AuditStatusTests {
    /// `auditctl -s`'s numbers by name.
    static func auditctlStatus() -> [String: String] {
        guard let pipe = popen("auditctl -s 2>/dev/null", "r") else { return [:] }
        defer { pclose(pipe) }
        var fields: [String: String] = [:]
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, 256, pipe) != nil {
            let words = String(cString: line).split { $0 == " " || $0 == "\n" }.map(String.init)
            if words.count >= 2 { fields[words[0]] = words[1] }
        }
        return fields
    }

    @Test(.enabled(if: KernelFeatures.privateNamespaces.present, "needs CAP_SYS_ADMIN for a private namespace and CAP_AUDIT_CONTROL (run as root)"))
    func statusFromTheKernel() async throws {
        let namespace = try await NetworkNamespace.createPrivate()
        let connection = try await NetlinkConnection(family: .audit, namespace: namespace)
        let status = try await connection.auditStatus()
        let features = try await connection.auditFeatures()
        #expect(status.backlogWaitTime != nil && status.backlogWaitTimeActual != nil && status.featureBitmap != nil, "a 6.x kernel sends all 44 bytes: \(status)")
        #expect(features.version == 1 && features.covers(AuditFeatures.loginUIDImmutable), "\(features)")
        let reference = Self.auditctlStatus()
        try #require(!reference.isEmpty, "auditctl -s answered nothing")
        for (name, value) in [("enabled", status.enabled), ("failure", status.failure), ("pid", status.pid), ("rate_limit", status.rateLimit),
                              ("backlog_limit", status.backlogLimit), ("backlog_wait_time", status.backlogWaitTime ?? 0)] {
            #expect(reference[name] == String(value), "\(name): \(value) against auditctl's \(reference[name] ?? "none")")
        }
        #expect(try await connection.auditRuleCount() >= 0)
    }

    /// Golden bytes through the fake kernel: the 44-byte structure, an older kernel's 36 bytes (the
    /// wait times absent), and 28 bytes refused as a malformed reply.
    @Test(arguments: [44, 36, 28])
    func statusFromGoldenBytes(_ length: Int) async throws {
        let words: [UInt32] = [0, 1, 1, 1234, 100, 8192, 7, 3, 0x7F, 60_000, 12]
        let payload = Array(words.flatMap { value in withUnsafeBytes(of: value) { Array($0) } }.prefix(length))
        let kernel = FakeNetlinkKernel()
        kernel.on(type: AuditMessageType.get, reply: { _ in [.message(type: AuditMessageType.get, payload: payload)] })
        let connection = try NetlinkConnection(transport: kernel)
        if length < 32 {
            await #expect(throws: NetlinkError.self) { _ = try await connection.auditStatus() }
            return
        }
        let status = try await connection.auditStatus()
        #expect(status.enabled == 1 && status.failure == 1 && status.pid == 1234 && status.rateLimit == 100 && status.backlogLimit == 8192)
        #expect(status.lost == 7 && status.backlog == 3 && status.featureBitmap == 0x7F)
        #expect(status.backlogWaitTime == (length >= 40 ? 60_000 : nil) && status.backlogWaitTimeActual == (length >= 44 ? 12 : nil))
        var builder = NetlinkMessageBuilder()
        status.encode(into: &builder)
        #expect(Array(builder.bytes.prefix(length)) == payload)
    }
}
