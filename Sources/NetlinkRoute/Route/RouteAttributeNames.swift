import NetlinkCore

/// Names of the route attributes (`RTA_*`, and `RTAX_*` inside `RTA_METRICS`), for error paths and
/// debug dumps.
public struct RouteAttributeNames: NetlinkAttributeNaming {
    /// Creates the table.
    public init() {}

    static let topLevel: [UInt16: String] = [
        1: "RTA_DST", 2: "RTA_SRC", 3: "RTA_IIF", 4: "RTA_OIF", 5: "RTA_GATEWAY", 6: "RTA_PRIORITY", 7: "RTA_PREFSRC",
        8: "RTA_METRICS", 9: "RTA_MULTIPATH", 10: "RTA_PROTOINFO", 11: "RTA_FLOW", 12: "RTA_CACHEINFO",
        13: "RTA_SESSION", 14: "RTA_MP_ALGO", 15: "RTA_TABLE", 16: "RTA_MARK", 17: "RTA_MFC_STATS", 18: "RTA_VIA",
        19: "RTA_NEWDST", 20: "RTA_PREF", 21: "RTA_ENCAP_TYPE", 22: "RTA_ENCAP", 23: "RTA_EXPIRES", 24: "RTA_PAD",
        25: "RTA_UID", 26: "RTA_TTL_PROPAGATE", 27: "RTA_IP_PROTO", 28: "RTA_SPORT", 29: "RTA_DPORT", 30: "RTA_NH_ID",
    ]

    static let metrics: [UInt16: String] = [
        1: "RTAX_LOCK", 2: "RTAX_MTU", 3: "RTAX_WINDOW", 4: "RTAX_RTT", 5: "RTAX_RTTVAR", 6: "RTAX_SSTHRESH",
        7: "RTAX_CWND", 8: "RTAX_ADVMSS", 9: "RTAX_REORDERING", 10: "RTAX_HOPLIMIT", 11: "RTAX_INITCWND",
        12: "RTAX_FEATURES", 13: "RTAX_RTO_MIN", 14: "RTAX_INITRWND", 15: "RTAX_QUICKACK", 16: "RTAX_CC_ALGO",
        17: "RTAX_FASTOPEN_NO_COOKIE",
    ]

    public func attributeName(_ type: UInt16, parents: [UInt16]) -> String? {
        switch parents {
        case []: Self.topLevel[type]
        case [RouteAttribute.metrics]: Self.metrics[type]
        default: nil
        }
    }

    /// `RTA_METRICS` and `RTA_ENCAP` hold attributes (often sent without `NLA_F_NESTED`);
    /// `RTA_MULTIPATH` holds `struct rtnexthop` entries, not attributes.
    public func isNested(_ type: UInt16, parents: [UInt16]) -> Bool {
        parents.isEmpty && (type == RouteAttribute.metrics || type == RouteAttribute.encapsulation)
    }
}
