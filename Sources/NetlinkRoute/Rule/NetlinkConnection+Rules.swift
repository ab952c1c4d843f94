import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// Every routing policy rule (`ip rule show`): a dump of `RTM_GETRULE`, in priority order.
    ///
    /// A fresh namespace has three IPv4 rules (0 `local`, 32766 `main`, 32767 `default`) and two
    /// IPv6 rules (0 `local`, 32766 `main`).
    /// - Parameter family: `AF_INET` (2), `AF_INET6` (10), or 0 for every family.
    public func rules(family: AddressFamily = 0) async throws(NetlinkError) -> [Rule] {
        try await dumpAll(type: RouteMessageType.getRule, fixedHeaderSize: RuleMessage.size, { b in
            RuleMessage(family: family).encode(into: &b)
        }) { message in
            message.type == RouteMessageType.newRule ? try Rule(decoding: message) : nil
        }
    }

    /// Adds a rule (`ip rule add`, `NLM_F_CREATE | NLM_F_EXCL`).
    ///
    /// As `ip rule add` does, an unspecified action becomes ``RuleAction/toTable``, and a
    /// ``RuleAction/toTable`` rule without a table looks up `main` (254).
    /// - Throws: `EEXIST` when an equal rule exists.
    public func addRule(_ rule: Rule) async throws(NetlinkError) {
        var request = rule
        if request.action == .unspecified { request.action = .toTable }
        if request.action == .toTable, request.table == 0 { request.table = 254 }
        try await execute(type: RouteMessageType.newRule, flags: [.create, .exclusive], fixedHeaderSize: RuleMessage.size) { b in
            try request.encode(into: &b)
        }
    }

    /// Deletes the first rule that matches every field of `rule` that is set (`ip rule del`):
    /// `Rule(family: 2, priority: 100)` deletes the IPv4 rule of priority 100.
    /// - Throws: `ENOENT` when no rule matches.
    public func deleteRule(_ rule: Rule) async throws(NetlinkError) {
        try await execute(type: RouteMessageType.deleteRule, fixedHeaderSize: RuleMessage.size) { b in
            try rule.encode(into: &b)
        }
    }
}
