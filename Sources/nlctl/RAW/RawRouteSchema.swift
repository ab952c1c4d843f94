import NetlinkCore

/// What `nlctl raw`'s dump knows of each family: rtnetlink's message names (`<linux/rtnetlink.h>`
/// 6.1) and fixed headers, generic netlink's and netfilter's 4-byte headers; the payloads of the
/// families whose messages are structures without attributes in hex, whole.
struct RawRouteSchema: NetlinkFamilySchema {
    static let types: [UInt16: String] = [
        16: "RTM_NEWLINK", 17: "RTM_DELLINK", 18: "RTM_GETLINK", 19: "RTM_SETLINK", 20: "RTM_NEWADDR", 21: "RTM_DELADDR",
        22: "RTM_GETADDR", 24: "RTM_NEWROUTE", 25: "RTM_DELROUTE", 26: "RTM_GETROUTE", 28: "RTM_NEWNEIGH",
        29: "RTM_DELNEIGH", 30: "RTM_GETNEIGH", 32: "RTM_NEWRULE", 33: "RTM_DELRULE", 34: "RTM_GETRULE",
        36: "RTM_NEWQDISC", 37: "RTM_DELQDISC", 38: "RTM_GETQDISC", 40: "RTM_NEWTCLASS", 41: "RTM_DELTCLASS",
        42: "RTM_GETTCLASS", 44: "RTM_NEWTFILTER", 45: "RTM_DELTFILTER", 46: "RTM_GETTFILTER", 48: "RTM_NEWACTION",
        49: "RTM_DELACTION", 50: "RTM_GETACTION", 52: "RTM_NEWPREFIX", 58: "RTM_GETMULTICAST", 62: "RTM_GETANYCAST",
        64: "RTM_NEWNEIGHTBL", 66: "RTM_GETNEIGHTBL", 67: "RTM_SETNEIGHTBL", 68: "RTM_NEWNDUSEROPT",
        72: "RTM_NEWADDRLABEL", 73: "RTM_DELADDRLABEL", 74: "RTM_GETADDRLABEL", 78: "RTM_GETDCB", 79: "RTM_SETDCB",
        80: "RTM_NEWNETCONF", 81: "RTM_DELNETCONF", 82: "RTM_GETNETCONF", 84: "RTM_NEWMDB", 85: "RTM_DELMDB",
        86: "RTM_GETMDB", 88: "RTM_NEWNSID", 89: "RTM_DELNSID", 90: "RTM_GETNSID", 92: "RTM_NEWSTATS", 94: "RTM_GETSTATS",
        95: "RTM_SETSTATS", 96: "RTM_NEWCACHEREPORT", 100: "RTM_NEWCHAIN", 101: "RTM_DELCHAIN", 102: "RTM_GETCHAIN",
        104: "RTM_NEWNEXTHOP", 105: "RTM_DELNEXTHOP", 106: "RTM_GETNEXTHOP", 108: "RTM_NEWLINKPROP",
        109: "RTM_DELLINKPROP", 110: "RTM_GETLINKPROP", 112: "RTM_NEWVLAN", 113: "RTM_DELVLAN", 114: "RTM_GETVLAN",
        116: "RTM_NEWNEXTHOPBUCKET", 117: "RTM_DELNEXTHOPBUCKET", 118: "RTM_GETNEXTHOPBUCKET", 120: "RTM_NEWTUNNEL",
        121: "RTM_DELTUNNEL", 122: "RTM_GETTUNNEL",
    ]

    func messageTypeName(_ type: NetlinkMessageType) -> String? { Self.types[type.rawValue] }

    func requestKind(_ type: NetlinkMessageType) -> NetlinkRequestKind {
        guard Self.types[type.rawValue] != nil else { return .other }
        switch type.rawValue & 3 {
        case 0: return .new
        case 1: return .delete
        case 2: return .get
        default: return .other
        }
    }

    /// The family header before the attributes (`ifinfomsg`, `ifaddrmsg`, `rtmsg`, `ndmsg`,
    /// `fib_rule_hdr`, `tcmsg`, `prefixmsg`, `ndtmsg`, `nduseroptmsg`, `ifaddrlblmsg`, `dcbmsg`,
    /// `netconfmsg`, `br_port_msg`, `rtgenmsg`, `if_stats_msg`, `nhmsg`, `br_vlan_msg`, `tunnel_msg`).
    func fixedHeaderSize(_ type: NetlinkMessageType) -> Int {
        switch type.rawValue {
        case 16...19, 108...110: 16
        case 20...23, 58, 62: 8
        case 24...35, 52: 12
        case 36...51, 100...102: 20
        case 64...67, 78...82, 88...90: 4
        case 68: 16
        case 72...74, 92...95: 12
        case 84...86, 104...107, 112...122: 8
        default: 0
        }
    }

    func hasOpaquePayload(_ type: NetlinkMessageType) -> Bool { fixedHeaderSize(type) == 0 && Self.types[type.rawValue] == nil }

    /// The schema of a family's dump.
    static func schema(for family: NetlinkFamily) -> any NetlinkFamilySchema {
        switch family {
        case .route: RawRouteSchema()
        case .generic, .netfilter: FixedHeaderSchema(size: 4)
        default: OpaqueSchema(doneIsData: family == .connector)
        }
    }
}

/// A family whose messages (from type 16) are a 4-byte header and attributes: generic netlink's
/// `genlmsghdr`, netfilter's `nfgenmsg`.
struct FixedHeaderSchema: NetlinkFamilySchema {
    let size: Int
    func fixedHeaderSize(_ type: NetlinkMessageType) -> Int { size }
}

/// A family whose messages carry structures, not attributes (audit, the connector, xfrm,
/// sock_diag's answers, ...): payloads in hex. The connector's events come as `NLMSG_DONE`.
struct OpaqueSchema: NetlinkFamilySchema {
    /// The connector's: its `NLMSG_DONE` messages are events, not the end of a dump.
    let doneIsData: Bool
    func hasOpaquePayload(_ type: NetlinkMessageType) -> Bool { type == .done ? doneIsData : true }
}
