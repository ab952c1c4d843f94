import NetlinkCore

/// Route attribute types (`RTA_*` of `<linux/rtnetlink.h>`, `enum rtattr_type_t`).
///
/// All of them are in the 6.1 headers. Integers are host byte order unless stated.
public enum RouteAttribute {
    /// `RTA_DST` (1): the destination prefix, an address of the route's family (network order).
    public static let destination: UInt16 = 1
    /// `RTA_SRC` (2): the source prefix of a source-specific route (network order).
    public static let source: UInt16 = 2
    /// `RTA_IIF` (3): the input interface index, u32.
    public static let inputInterface: UInt16 = 3
    /// `RTA_OIF` (4): the output interface index, u32.
    public static let outputInterface: UInt16 = 4
    /// `RTA_GATEWAY` (5): the gateway, an address of the route's family (network order).
    public static let gateway: UInt16 = 5
    /// `RTA_PRIORITY` (6): the metric (`ip route ... metric N`), u32.
    public static let priority: UInt16 = 6
    /// `RTA_PREFSRC` (7): the preferred source address (network order).
    public static let preferredSource: UInt16 = 7
    /// `RTA_METRICS` (8): nested `RTAX_*` attributes (``RouteMetric``).
    public static let metrics: UInt16 = 8
    /// `RTA_MULTIPATH` (9): an array of `struct rtnexthop`, each followed by its own attributes
    /// (see ``RouteNexthop``). Not a nest of attributes.
    public static let multipath: UInt16 = 9
    /// `RTA_PROTOINFO` (10): no longer used.
    public static let protocolInfo: UInt16 = 10
    /// `RTA_FLOW` (11): the realms, u32 (`to` in the low 16 bits, `from` in the high 16).
    public static let flow: UInt16 = 11
    /// `RTA_CACHEINFO` (12): `struct rta_cacheinfo` (``RouteCacheInfo``).
    public static let cacheInfo: UInt16 = 12
    /// `RTA_SESSION` (13): no longer used.
    public static let session: UInt16 = 13
    /// `RTA_MP_ALGO` (14): no longer used.
    public static let multipathAlgorithm: UInt16 = 14
    /// `RTA_TABLE` (15): the table, u32 (needed for tables above 255; wins over `rtm_table`).
    public static let table: UInt16 = 15
    /// `RTA_MARK` (16): the firewall mark of a route lookup (`ip route get ... mark`), u32.
    public static let mark: UInt16 = 16
    /// `RTA_MFC_STATS` (17): `struct rta_mfc_stats` of a multicast route.
    public static let multicastStatistics: UInt16 = 17
    /// `RTA_VIA` (18): a gateway of another family, `struct rtvia` (``RouteVia``).
    public static let via: UInt16 = 18
    /// `RTA_NEWDST` (19): MPLS labels to push.
    public static let newDestination: UInt16 = 19
    /// `RTA_PREF` (20): the IPv6 router preference, u8 (`ICMPV6_ROUTER_PREF_*`).
    public static let preference: UInt16 = 20
    /// `RTA_ENCAP_TYPE` (21): the lightweight tunnel type, u16 (`LWTUNNEL_ENCAP_*`).
    public static let encapsulationType: UInt16 = 21
    /// `RTA_ENCAP` (22): nested lightweight tunnel attributes.
    public static let encapsulation: UInt16 = 22
    /// `RTA_EXPIRES` (23): the lifetime; u32 seconds in an IPv6 request, u64 clock ticks in a
    /// multicast route.
    public static let expires: UInt16 = 23
    /// `RTA_PAD` (24): padding for 64-bit attributes.
    public static let pad: UInt16 = 24
    /// `RTA_UID` (25): the user ID of a route lookup, u32.
    public static let uid: UInt16 = 25
    /// `RTA_TTL_PROPAGATE` (26): MPLS TTL propagation, u8.
    public static let ttlPropagate: UInt16 = 26
    /// `RTA_IP_PROTO` (27): the IP protocol of a route lookup, u8.
    public static let ipProtocol: UInt16 = 27
    /// `RTA_SPORT` (28): the source port of a route lookup, u16 big-endian.
    public static let sourcePort: UInt16 = 28
    /// `RTA_DPORT` (29): the destination port of a route lookup, u16 big-endian.
    public static let destinationPort: UInt16 = 29
    /// `RTA_NH_ID` (30): the ID of a nexthop object, u32.
    public static let nexthopID: UInt16 = 30
}

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
