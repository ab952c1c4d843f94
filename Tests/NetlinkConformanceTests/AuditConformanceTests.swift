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
    ConstantCase(AuditMessageType.addRule.rawValue, AUDIT_ADD_RULE, "AUDIT_ADD_RULE"),
    ConstantCase(AuditMessageType.deleteRule.rawValue, AUDIT_DEL_RULE, "AUDIT_DEL_RULE"),
    ConstantCase(AuditMessageType.readLogGroup, AUDIT_NLGRP_READLOG.rawValue, "AUDIT_NLGRP_READLOG"),
    ConstantCase(AuditRecord.endOfEvent, AUDIT_EOE, "AUDIT_EOE"),
    ConstantCase(AuditStatus.Field.enabled, AUDIT_STATUS_ENABLED, "AUDIT_STATUS_ENABLED"),
    ConstantCase(AuditStatus.Field.failure, AUDIT_STATUS_FAILURE, "AUDIT_STATUS_FAILURE"),
    ConstantCase(AuditStatus.Field.pid, AUDIT_STATUS_PID, "AUDIT_STATUS_PID"),
    ConstantCase(AuditStatus.Field.rateLimit, AUDIT_STATUS_RATE_LIMIT, "AUDIT_STATUS_RATE_LIMIT"),
    ConstantCase(AuditStatus.Field.backlogLimit, AUDIT_STATUS_BACKLOG_LIMIT, "AUDIT_STATUS_BACKLOG_LIMIT"),
    ConstantCase(AuditStatus.Field.backlogWaitTime, AUDIT_STATUS_BACKLOG_WAIT_TIME, "AUDIT_STATUS_BACKLOG_WAIT_TIME"),
    ConstantCase(AuditStatus.Field.lost, AUDIT_STATUS_LOST, "AUDIT_STATUS_LOST"),
    ConstantCase(AuditStatus.Field.backlogWaitTimeActual, AUDIT_STATUS_BACKLOG_WAIT_TIME_ACTUAL, "AUDIT_STATUS_BACKLOG_WAIT_TIME_ACTUAL"),
    ConstantCase(AuditRule.fixedSize, MemoryLayout<audit_rule_data>.size, "sizeof(struct audit_rule_data)"),
    ConstantCase(AuditRule.maskWords, AUDIT_BITMASK_SIZE, "AUDIT_BITMASK_SIZE"),
    ConstantCase(AuditRule.maximumFields, AUDIT_MAX_FIELDS, "AUDIT_MAX_FIELDS"),
    ConstantCase(AuditRule.List.user.rawValue, AUDIT_FILTER_USER, "AUDIT_FILTER_USER"),
    ConstantCase(AuditRule.List.task.rawValue, AUDIT_FILTER_TASK, "AUDIT_FILTER_TASK"),
    ConstantCase(AuditRule.List.entry.rawValue, AUDIT_FILTER_ENTRY, "AUDIT_FILTER_ENTRY"),
    ConstantCase(AuditRule.List.watch.rawValue, AUDIT_FILTER_WATCH, "AUDIT_FILTER_WATCH"),
    ConstantCase(AuditRule.List.exit.rawValue, AUDIT_FILTER_EXIT, "AUDIT_FILTER_EXIT"),
    ConstantCase(AuditRule.List.exclude.rawValue, AUDIT_FILTER_EXCLUDE, "AUDIT_FILTER_EXCLUDE"),
    ConstantCase(AuditRule.List.filesystem.rawValue, AUDIT_FILTER_FS, "AUDIT_FILTER_FS"),
    ConstantCase(AuditRule.List.uringExit.rawValue, AUDIT_FILTER_URING_EXIT, "AUDIT_FILTER_URING_EXIT"),
    ConstantCase(AuditRule.Action.never.rawValue, AUDIT_NEVER, "AUDIT_NEVER"),
    ConstantCase(AuditRule.Action.possible.rawValue, AUDIT_POSSIBLE, "AUDIT_POSSIBLE"),
    ConstantCase(AuditRule.Action.always.rawValue, AUDIT_ALWAYS, "AUDIT_ALWAYS"),
    ConstantCase(AuditRule.Field.equal, UInt32(AUDIT_EQUAL), "AUDIT_EQUAL"),
]

/// The fields whose value is a string in `buf`, as the header names them.
let auditStringFieldCases: [ConstantCase] = [
    AUDIT_SUBJ_USER, AUDIT_SUBJ_ROLE, AUDIT_SUBJ_TYPE, AUDIT_SUBJ_SEN, AUDIT_SUBJ_CLR, AUDIT_OBJ_USER, AUDIT_OBJ_ROLE, AUDIT_OBJ_TYPE,
    AUDIT_OBJ_LEV_LOW, AUDIT_OBJ_LEV_HIGH, AUDIT_WATCH, AUDIT_DIR, AUDIT_EXE, AUDIT_FILTERKEY,
].map { ConstantCase(AuditRule.Field.stringFields.contains(UInt32($0)) ? Int($0) : -1, Int($0), "string field \($0)") }

@Suite("audit constants vs <linux/audit.h>")
struct AuditConformanceTests {
    @Test(arguments: auditConstantCases + auditStringFieldCases)
    func value(_ c: ConstantCase) {
        #expect(c.swift == c.header, "\(c.cName)")
    }

    @Test func everyStringFieldIsInTheHeader() {
        #expect(AuditRule.Field.stringFields.count == auditStringFieldCases.count)
    }
}
