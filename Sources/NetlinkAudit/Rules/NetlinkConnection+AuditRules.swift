import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// `AUDIT_LIST_RULES`: the kernel's rules, each ``AuditRule`` (a dump; needs
    /// `CAP_AUDIT_CONTROL`).
    public func auditRules() async throws(NetlinkError) -> [AuditRule] {
        try await dumpAll(type: AuditMessageType.listRules) { message throws(NetlinkDecodingError) in
            message.type == AuditMessageType.listRules ? try AuditRule(decoding: message) : nil
        }
    }

    /// How many rules the kernel holds.
    public func auditRuleCount() async throws(NetlinkError) -> Int {
        try await auditRules().count
    }

    /// `AUDIT_ADD_RULE`: adds `rule` (acknowledged; `EEXIST` for a rule already there). This
    /// changes the host's audit state, in every network namespace.
    public func addAuditRule(_ rule: AuditRule) async throws(NetlinkError) {
        try await execute(type: AuditMessageType.addRule) { builder in try rule.encode(into: &builder) }
    }

    /// `AUDIT_DEL_RULE`: deletes the rule equal to `rule` (`ENOENT` when there is none).
    public func deleteAuditRule(_ rule: AuditRule) async throws(NetlinkError) {
        try await execute(type: AuditMessageType.deleteRule) { builder in try rule.encode(into: &builder) }
    }
}
