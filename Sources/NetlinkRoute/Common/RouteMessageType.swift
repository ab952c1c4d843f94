import NetlinkCore

/// The message types of rtnetlink (`NETLINK_ROUTE`), as `NetlinkMessageType` values.
///
/// The low two bits tell the kind: NEW (0), DEL (1), GET (2), SET (3).
public enum RouteMessageType {
    /// The corresponding C constant is `RTM_NEWLINK` (16).
    public static let newLink = NetlinkMessageType(16)
    /// The corresponding C constant is `RTM_DELLINK` (17).
    public static let deleteLink = NetlinkMessageType(17)
    /// The corresponding C constant is `RTM_GETLINK` (18).
    public static let getLink = NetlinkMessageType(18)
    /// The corresponding C constant is `RTM_SETLINK` (19).
    public static let setLink = NetlinkMessageType(19)
    /// The corresponding C constant is `RTM_NEWADDR` (20).
    public static let newAddress = NetlinkMessageType(20)
    /// The corresponding C constant is `RTM_DELADDR` (21).
    public static let deleteAddress = NetlinkMessageType(21)
    /// The corresponding C constant is `RTM_GETADDR` (22).
    public static let getAddress = NetlinkMessageType(22)
    /// The corresponding C constant is `RTM_NEWROUTE` (24).
    public static let newRoute = NetlinkMessageType(24)
    /// The corresponding C constant is `RTM_DELROUTE` (25).
    public static let deleteRoute = NetlinkMessageType(25)
    /// The corresponding C constant is `RTM_GETROUTE` (26).
    public static let getRoute = NetlinkMessageType(26)
    /// The corresponding C constant is `RTM_NEWNEIGH` (28).
    public static let newNeighbor = NetlinkMessageType(28)
    /// The corresponding C constant is `RTM_DELNEIGH` (29).
    public static let deleteNeighbor = NetlinkMessageType(29)
    /// The corresponding C constant is `RTM_GETNEIGH` (30).
    public static let getNeighbor = NetlinkMessageType(30)
    /// The corresponding C constant is `RTM_NEWRULE` (32).
    public static let newRule = NetlinkMessageType(32)
    /// The corresponding C constant is `RTM_DELRULE` (33).
    public static let deleteRule = NetlinkMessageType(33)
    /// The corresponding C constant is `RTM_GETRULE` (34).
    public static let getRule = NetlinkMessageType(34)
    /// The corresponding C constant is `RTM_NEWNEIGHTBL` (64).
    public static let newNeighborTable = NetlinkMessageType(64)
    /// The corresponding C constant is `RTM_GETNEIGHTBL` (66).
    public static let getNeighborTable = NetlinkMessageType(66)
    /// The corresponding C constant is `RTM_SETNEIGHTBL` (67).
    public static let setNeighborTable = NetlinkMessageType(67)
    /// The corresponding C constant is `RTM_NEWADDRLABEL` (72).
    public static let newAddressLabel = NetlinkMessageType(72)
    /// The corresponding C constant is `RTM_DELADDRLABEL` (73).
    public static let deleteAddressLabel = NetlinkMessageType(73)
    /// The corresponding C constant is `RTM_GETADDRLABEL` (74).
    public static let getAddressLabel = NetlinkMessageType(74)
    /// The corresponding C constant is `RTM_NEWNETCONF` (80).
    public static let newNetconf = NetlinkMessageType(80)
    /// The corresponding C constant is `RTM_DELNETCONF` (81).
    public static let deleteNetconf = NetlinkMessageType(81)
    /// The corresponding C constant is `RTM_GETNETCONF` (82).
    public static let getNetconf = NetlinkMessageType(82)
    /// The corresponding C constant is `RTM_NEWNSID` (88).
    public static let newNamespaceID = NetlinkMessageType(88)
    /// The corresponding C constant is `RTM_DELNSID` (89).
    public static let deleteNamespaceID = NetlinkMessageType(89)
    /// The corresponding C constant is `RTM_GETNSID` (90).
    public static let getNamespaceID = NetlinkMessageType(90)
    /// The corresponding C constant is `RTM_NEWNEXTHOP` (104).
    public static let newNexthop = NetlinkMessageType(104)
    /// The corresponding C constant is `RTM_DELNEXTHOP` (105).
    public static let deleteNexthop = NetlinkMessageType(105)
    /// The corresponding C constant is `RTM_GETNEXTHOP` (106).
    public static let getNexthop = NetlinkMessageType(106)
    /// `RTM_NEWLINKPROP`: add link properties (alternative names).
    public static let newLinkProperty = NetlinkMessageType(108)
    /// `RTM_DELLINKPROP`: delete link properties.
    public static let deleteLinkProperty = NetlinkMessageType(109)
    /// The corresponding C constant is `RTM_NEWNEXTHOPBUCKET` (116).
    public static let newNexthopBucket = NetlinkMessageType(116)
    /// The corresponding C constant is `RTM_DELNEXTHOPBUCKET` (117).
    public static let deleteNexthopBucket = NetlinkMessageType(117)
    /// The corresponding C constant is `RTM_GETNEXTHOPBUCKET` (118).
    public static let getNexthopBucket = NetlinkMessageType(118)

    /// The kind of an rtnetlink message type, by its two low bits.
    public static func kind(_ type: NetlinkMessageType) -> NetlinkRequestKind {
        guard type.rawValue >= 16 else { return .other }
        switch type.rawValue & 3 {
        case 0: return .new
        case 1: return .delete
        case 2: return .get
        default: return .other
        }
    }
}

/// The multicast groups of rtnetlink (`enum rtnetlink_groups`), 1-based as joined with
/// `NETLINK_ADD_MEMBERSHIP`. Linux 6.18 has 39; the 6.1 headers name 36.
public enum RouteGroup {
    /// Link changes. The corresponding C constant is `RTNLGRP_LINK` (1).
    public static let link: UInt32 = 1
    /// IPv4 address changes. The corresponding C constant is `RTNLGRP_IPV4_IFADDR` (5).
    public static let ipv4Address: UInt32 = 5
    /// IPv4 route changes. The corresponding C constant is `RTNLGRP_IPV4_ROUTE` (7).
    public static let ipv4Route: UInt32 = 7
    /// IPv6 address changes. The corresponding C constant is `RTNLGRP_IPV6_IFADDR` (9).
    public static let ipv6Address: UInt32 = 9
    /// IPv6 route changes. The corresponding C constant is `RTNLGRP_IPV6_ROUTE` (11).
    public static let ipv6Route: UInt32 = 11
    /// IPv4 netconf changes. The corresponding C constant is `RTNLGRP_IPV4_NETCONF` (24).
    public static let ipv4Netconf: UInt32 = 24
    /// IPv6 netconf changes. The corresponding C constant is `RTNLGRP_IPV6_NETCONF` (25).
    public static let ipv6Netconf: UInt32 = 25
    /// Namespace ID changes. The corresponding C constant is `RTNLGRP_NSID` (28).
    public static let namespaceID: UInt32 = 28
    /// Nexthop changes. The corresponding C constant is `RTNLGRP_NEXTHOP` (32).
    public static let nexthop: UInt32 = 32
    /// Bridge VLAN changes. The corresponding C constant is `RTNLGRP_BRVLAN` (33).
    public static let bridgeVLAN: UInt32 = 33
    /// MCTP address changes. The corresponding C constant is `RTNLGRP_MCTP_IFADDR` (34).
    public static let mctpAddress: UInt32 = 34
    /// Tunnel changes. The corresponding C constant is `RTNLGRP_TUNNEL` (35).
    public static let tunnel: UInt32 = 35
    /// Statistics notifications (`RTM_NEWSTATS`). The corresponding C constant is `RTNLGRP_STATS` (36).
    public static let stats: UInt32 = 36
    /// IPv4 multicast address changes (newer than the 6.1 headers). `RTNLGRP_IPV4_MCADDR` (37).
    public static let ipv4MulticastAddress: UInt32 = 37
    /// IPv6 multicast address changes (newer than the 6.1 headers). `RTNLGRP_IPV6_MCADDR` (38).
    public static let ipv6MulticastAddress: UInt32 = 38
    /// IPv6 anycast address changes (newer than the 6.1 headers). `RTNLGRP_IPV6_ACADDR` (39).
    public static let ipv6AnycastAddress: UInt32 = 39
}
