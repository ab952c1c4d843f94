import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// `AUDIT_LIST_RULES`: how many rules the kernel holds (a dump of `struct audit_rule_data`; the
    /// rules themselves are not decoded yet).
    public func auditRuleCount() async throws(NetlinkError) -> Int {
        let rules = try await dumpAll(type: AuditMessageType.listRules) { message in
            message.type == AuditMessageType.listRules ? true : nil
        }
        return rules.count
    }
}
