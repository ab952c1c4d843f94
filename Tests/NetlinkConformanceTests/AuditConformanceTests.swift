// NetlinkAudit's constants and structures against the 6.1 UAPI header <linux/audit.h>.

import CNetlinkShim
import NetlinkAudit
import NetlinkCore
import Testing

let auditConstantCases: [ConstantCase] = [
    ConstantCase(AuditMessageType.get.rawValue, AUDIT_GET, "AUDIT_GET"),
    ConstantCase(AuditMessageType.set.rawValue, AUDIT_SET, "AUDIT_SET"),
    ConstantCase(AuditMessageType.listRules.rawValue, AUDIT_LIST_RULES, "AUDIT_LIST_RULES"),
    ConstantCase(AuditMessageType.setFeature.rawValue, AUDIT_SET_FEATURE, "AUDIT_SET_FEATURE"),
    ConstantCase(AuditMessageType.getFeature.rawValue, AUDIT_GET_FEATURE, "AUDIT_GET_FEATURE"),
    ConstantCase(AuditStatus.size, MemoryLayout<audit_status>.size, "sizeof(struct audit_status)"),
    ConstantCase(AuditFeatures.size, MemoryLayout<audit_features>.size, "sizeof(struct audit_features)"),
    ConstantCase(AuditFeatures.loginUIDImmutable, AUDIT_FEATURE_LOGINUID_IMMUTABLE, "AUDIT_FEATURE_LOGINUID_IMMUTABLE"),
    ConstantCase(AuditFeatures.onlyUnsetLoginUID, AUDIT_FEATURE_ONLY_UNSET_LOGINUID, "AUDIT_FEATURE_ONLY_UNSET_LOGINUID"),
    ConstantCase(1, AUDIT_FEATURE_VERSION, "AUDIT_FEATURE_VERSION"),
    ConstantCase(36, MemoryLayout<audit_status>.offset(of: \audit_status.backlog_wait_time)!, "offsetof(backlog_wait_time)"),
    ConstantCase(40, MemoryLayout<audit_status>.offset(of: \audit_status.backlog_wait_time_actual)!, "offsetof(backlog_wait_time_actual)"),
]

@Suite("audit constants vs <linux/audit.h>")
struct AuditConformanceTests {
    @Test(arguments: auditConstantCases)
    func value(_ c: ConstantCase) {
        #expect(c.swift == c.header, "\(c.cName)")
    }
}
