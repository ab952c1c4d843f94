import NetlinkCore

/// The message types of `NETLINK_AUDIT` (`<linux/audit.h>`) this module speaks.
///
/// The kernel answers a `GET` from its audit thread: the acknowledgement of the request (when one is
/// asked) arrives *before* the answer, so requests go without `NLM_F_ACK` and end at the answer.
public enum AuditMessageType {
    /// `AUDIT_GET` (1000): the status (`struct audit_status`).
    public static let get = NetlinkMessageType(rawValue: 1000)
    /// `AUDIT_SET` (1001): sets status fields (by `mask`).
    public static let set = NetlinkMessageType(rawValue: 1001)
    /// `AUDIT_ADD_RULE` (1011) and `AUDIT_DEL_RULE` (1012): `struct audit_rule_data`.
    public static let addRule = NetlinkMessageType(rawValue: 1011)
    public static let deleteRule = NetlinkMessageType(rawValue: 1012)
    /// `AUDIT_LIST_RULES` (1013): the rules (a dump of `struct audit_rule_data`).
    public static let listRules = NetlinkMessageType(rawValue: 1013)
    /// `AUDIT_SET_FEATURE` (1018) and `AUDIT_GET_FEATURE` (1019): `struct audit_features`.
    public static let setFeature = NetlinkMessageType(rawValue: 1018)
    public static let getFeature = NetlinkMessageType(rawValue: 1019)
    /// `AUDIT_NLGRP_READLOG` (1): the multicast group of the kernel's records (read only; needs
    /// `CAP_AUDIT_READ`; sent in the initial network namespace).
    public static let readLogGroup: UInt32 = 1
}
