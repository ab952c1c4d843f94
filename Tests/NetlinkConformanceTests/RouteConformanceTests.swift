// NetlinkRoute's hand-written constants against the 6.1 UAPI headers: RTM_* and RTNLGRP_* of
// <linux/rtnetlink.h>, struct ifinfomsg, IFF_* of <linux/if.h>, IFLA_* and IFLA_INFO_* of
// <linux/if_link.h>, VETH_INFO_PEER of <linux/veth.h> and NETNSA_* of <linux/net_namespace.h>.

import CNetlinkShim
import NetlinkCore
import NetlinkRoute
import Testing

/// One hand-written constant and the value of its C macro or enumerator, as plain integers.
struct ConstantCase: Sendable, CustomTestStringConvertible {
    var swift: Int
    var header: Int
    var cName: String

    init(_ swift: some BinaryInteger, _ header: some BinaryInteger, _ cName: String) {
        self.swift = Int(swift)
        self.header = Int(header)
        self.cName = cName
    }

    var testDescription: String { cName }
}

// MARK: RTM_*

/// Each message type with its RTM_* enumerator and the kind its two low bits give.
struct RouteMessageTypeCase: Sendable, CustomTestStringConvertible {
    var type: NetlinkMessageType
    var header: Int
    var cName: String
    var kind: NetlinkRequestKind
    var testDescription: String { cName }

    init(_ type: NetlinkMessageType, _ header: some BinaryInteger, _ cName: String, _ kind: NetlinkRequestKind) {
        self.type = type
        self.header = Int(header)
        self.cName = cName
        self.kind = kind
    }
}

let routeMessageTypeCases: [RouteMessageTypeCase] = [
    RouteMessageTypeCase(RouteMessageType.newLink, RTM_NEWLINK, "RTM_NEWLINK", .new),
    RouteMessageTypeCase(RouteMessageType.deleteLink, RTM_DELLINK, "RTM_DELLINK", .delete),
    RouteMessageTypeCase(RouteMessageType.getLink, RTM_GETLINK, "RTM_GETLINK", .get),
    RouteMessageTypeCase(RouteMessageType.setLink, RTM_SETLINK, "RTM_SETLINK", .other),
    RouteMessageTypeCase(RouteMessageType.newAddress, RTM_NEWADDR, "RTM_NEWADDR", .new),
    RouteMessageTypeCase(RouteMessageType.deleteAddress, RTM_DELADDR, "RTM_DELADDR", .delete),
    RouteMessageTypeCase(RouteMessageType.getAddress, RTM_GETADDR, "RTM_GETADDR", .get),
    RouteMessageTypeCase(RouteMessageType.newRoute, RTM_NEWROUTE, "RTM_NEWROUTE", .new),
    RouteMessageTypeCase(RouteMessageType.deleteRoute, RTM_DELROUTE, "RTM_DELROUTE", .delete),
    RouteMessageTypeCase(RouteMessageType.getRoute, RTM_GETROUTE, "RTM_GETROUTE", .get),
    RouteMessageTypeCase(RouteMessageType.newNamespaceID, RTM_NEWNSID, "RTM_NEWNSID", .new),
    RouteMessageTypeCase(RouteMessageType.deleteNamespaceID, RTM_DELNSID, "RTM_DELNSID", .delete),
    RouteMessageTypeCase(RouteMessageType.getNamespaceID, RTM_GETNSID, "RTM_GETNSID", .get),
]

/// Other RTM_* of the header, with no constant in RouteMessageType, for `kind(_:)`.
let otherRouteMessageKinds: [(Int, NetlinkRequestKind, String)] = [
    (Int(RTM_BASE), .new, "RTM_BASE"),
    (Int(RTM_NEWNEIGH), .new, "RTM_NEWNEIGH"), (Int(RTM_DELNEIGH), .delete, "RTM_DELNEIGH"),
    (Int(RTM_GETNEIGH), .get, "RTM_GETNEIGH"),
    (Int(RTM_NEWRULE), .new, "RTM_NEWRULE"), (Int(RTM_GETQDISC), .get, "RTM_GETQDISC"),
    (Int(RTM_GETMULTICAST), .get, "RTM_GETMULTICAST"), (Int(RTM_GETANYCAST), .get, "RTM_GETANYCAST"),
    (Int(RTM_SETNEIGHTBL), .other, "RTM_SETNEIGHTBL"), (Int(RTM_SETDCB), .other, "RTM_SETDCB"),
    (Int(RTM_NEWSTATS), .new, "RTM_NEWSTATS"), (Int(RTM_SETSTATS), .other, "RTM_SETSTATS"),
    (Int(RTM_NEWNEXTHOP), .new, "RTM_NEWNEXTHOP"), (Int(RTM_DELNEXTHOP), .delete, "RTM_DELNEXTHOP"),
    (Int(RTM_NEWTUNNEL), .new, "RTM_NEWTUNNEL"), (Int(RTM_GETTUNNEL), .get, "RTM_GETTUNNEL"),
    // Below RTM_BASE: the netlink control messages.
    (Int(NLMSG_ERROR), .other, "NLMSG_ERROR"), (Int(NLMSG_DONE), .other, "NLMSG_DONE"),
]

@Suite("RouteMessageType vs RTM_*")
struct RouteMessageTypeConformanceTests {
    /// Each message type equals its `RTM_*` enumerator.
    @Test(arguments: routeMessageTypeCases)
    func value(_ c: RouteMessageTypeCase) {
        #expect(Int(c.type.rawValue) == c.header, "\(c.cName)")
    }

    /// `kind(_:)` gives NEW, DEL, GET by the two low bits, SET as other.
    @Test(arguments: routeMessageTypeCases)
    func kind(_ c: RouteMessageTypeCase) {
        #expect(RouteMessageType.kind(NetlinkMessageType(UInt16(c.header))) == c.kind, "\(c.cName)")
    }

    /// `kind(_:)` on other RTM_* of the header, and on control messages below `RTM_BASE`.
    @Test func kindOfOtherTypes() {
        for (value, kind, name) in otherRouteMessageKinds {
            #expect(RouteMessageType.kind(NetlinkMessageType(UInt16(value))) == kind, "\(name)")
        }
    }
}

// MARK: RTNLGRP_*

/// `enum rtnetlink_groups` is imported as a struct: the value of one of its enumerators.
func group(_ value: rtnetlink_groups) -> UInt32 { value.rawValue }

/// Each group number and its enumerator. The enum starts with `RTNLGRP_NONE` = 0, so its
/// enumerators are the 1-based group numbers `NETLINK_ADD_MEMBERSHIP` takes.
let routeGroupCases: [ConstantCase] = [
    ConstantCase(RouteGroup.link, group(RTNLGRP_LINK), "RTNLGRP_LINK"),
    ConstantCase(RouteGroup.ipv4Address, group(RTNLGRP_IPV4_IFADDR), "RTNLGRP_IPV4_IFADDR"),
    ConstantCase(RouteGroup.ipv4Route, group(RTNLGRP_IPV4_ROUTE), "RTNLGRP_IPV4_ROUTE"),
    ConstantCase(RouteGroup.ipv6Address, group(RTNLGRP_IPV6_IFADDR), "RTNLGRP_IPV6_IFADDR"),
    ConstantCase(RouteGroup.ipv6Route, group(RTNLGRP_IPV6_ROUTE), "RTNLGRP_IPV6_ROUTE"),
    ConstantCase(RouteGroup.namespaceID, group(RTNLGRP_NSID), "RTNLGRP_NSID"),
    ConstantCase(RouteGroup.nexthop, group(RTNLGRP_NEXTHOP), "RTNLGRP_NEXTHOP"),
    ConstantCase(RouteGroup.bridgeVLAN, group(RTNLGRP_BRVLAN), "RTNLGRP_BRVLAN"),
    ConstantCase(RouteGroup.mctpAddress, group(RTNLGRP_MCTP_IFADDR), "RTNLGRP_MCTP_IFADDR"),
    ConstantCase(RouteGroup.tunnel, group(RTNLGRP_TUNNEL), "RTNLGRP_TUNNEL"),
    ConstantCase(RouteGroup.stats, group(RTNLGRP_STATS), "RTNLGRP_STATS"),
]

/// The groups newer than the 6.1 headers (later kernels append RTNLGRP_IPV4_MCADDR,
/// RTNLGRP_IPV6_MCADDR and RTNLGRP_IPV6_ACADDR after RTNLGRP_STATS): not in the headers this
/// package builds against, so only their place after the last 6.1 group is checked.
let routeGroupsNewerThanHeaders: [(UInt32, String)] = [
    (RouteGroup.ipv4MulticastAddress, "RTNLGRP_IPV4_MCADDR"),
    (RouteGroup.ipv6MulticastAddress, "RTNLGRP_IPV6_MCADDR"),
    (RouteGroup.ipv6AnycastAddress, "RTNLGRP_IPV6_ACADDR"),
]

extension Tag {
    /// Constants newer than the 6.1 UAPI headers: checked for consistency, not against a header.
    @Tag static var newerThanHeaders: Self
}

@Suite("RouteGroup vs RTNLGRP_*")
struct RouteGroupConformanceTests {
    /// Each group equals its `RTNLGRP_*` enumerator.
    @Test(arguments: routeGroupCases)
    func value(_ c: ConstantCase) {
        #expect(c.swift == c.header, "\(c.cName)")
    }

    /// The enum is 0-based with `RTNLGRP_NONE`: group numbers are the enumerators themselves.
    @Test func zeroBased() {
        #expect(group(RTNLGRP_NONE) == 0)
        #expect(group(RTNLGRP_LINK) == 1)
    }

    /// The 6.1 headers end at `RTNLGRP_STATS`: `RTNLGRP_MAX` is 36. If this fails, the headers
    /// are newer: move the groups of `routeGroupsNewerThanHeaders` into `routeGroupCases`.
    @Test func lastGroupOfTheHeaders() {
        #expect(shim_RTNLGRP_MAX() == 36)
        #expect(Int(shim_RTNLGRP_MAX()) == Int(group(RTNLGRP_STATS)))
    }

    /// Newer than the 6.1 headers (so not checked against them): the groups that follow
    /// `RTNLGRP_MAX` of 6.1, numbered on from it (37, 38, 39) as the newer headers append them.
    @Test(.tags(.newerThanHeaders), arguments: 0..<routeGroupsNewerThanHeaders.count)
    func newerThanHeaders(_ index: Int) {
        let (value, name) = routeGroupsNewerThanHeaders[index]
        #expect(Int(value) == Int(shim_RTNLGRP_MAX()) + 1 + index, "\(name)")
    }
}

// MARK: struct ifinfomsg

let interfaceInfoLayoutCases: [LayoutCase] = [
    LayoutCase("sizeof(struct ifinfomsg)", swift: MemoryLayout<ifinfomsg>.size, c: shim_sizeof_ifinfomsg(), 16),
    LayoutCase("ifinfomsg.ifi_family", swift: MemoryLayout.offset(of: \ifinfomsg.ifi_family), c: shim_offsetof_ifinfomsg_ifi_family(), 0),
    LayoutCase("ifinfomsg.__ifi_pad", swift: MemoryLayout.offset(of: \ifinfomsg.__ifi_pad), c: shim_offsetof_ifinfomsg___ifi_pad(), 1),
    LayoutCase("ifinfomsg.ifi_type", swift: MemoryLayout.offset(of: \ifinfomsg.ifi_type), c: shim_offsetof_ifinfomsg_ifi_type(), 2),
    LayoutCase("ifinfomsg.ifi_index", swift: MemoryLayout.offset(of: \ifinfomsg.ifi_index), c: shim_offsetof_ifinfomsg_ifi_index(), 4),
    LayoutCase("ifinfomsg.ifi_flags", swift: MemoryLayout.offset(of: \ifinfomsg.ifi_flags), c: shim_offsetof_ifinfomsg_ifi_flags(), 8),
    LayoutCase("ifinfomsg.ifi_change", swift: MemoryLayout.offset(of: \ifinfomsg.ifi_change), c: shim_offsetof_ifinfomsg_ifi_change(), 12),
]

/// `ifinfomsg` values, each field distinct from the others and from its neighbours' bytes.
let interfaceInfoValues: [ifinfomsg] = [
    ifinfomsg(ifi_family: 0x01, __ifi_pad: 0, ifi_type: 0x0302, ifi_index: 0x0706_0504, ifi_flags: 0x0B0A_0908, ifi_change: 0x0F0E_0D0C),
    ifinfomsg(ifi_family: 0, __ifi_pad: 0, ifi_type: 772, ifi_index: 1, ifi_flags: 0x1_0049, ifi_change: 0),
    ifinfomsg(ifi_family: 7, __ifi_pad: 0, ifi_type: 1, ifi_index: -1, ifi_flags: 0x1, ifi_change: 0xFFFF_FFFF),
    ifinfomsg(ifi_family: 0xFF, __ifi_pad: 0, ifi_type: 0xFFFF, ifi_index: Int32.min, ifi_flags: UInt32.max, ifi_change: 0x8000_0000),
]

extension ifinfomsg: @retroactive CustomTestStringConvertible {
    public var testDescription: String {
        "family \(ifi_family) type \(ifi_type) index \(ifi_index) flags 0x\(String(ifi_flags, radix: 16)) change 0x\(String(ifi_change, radix: 16))"
    }
}

@Suite("InterfaceInfoMessage vs struct ifinfomsg")
struct InterfaceInfoConformanceTests {
    /// Each size and offset is the same in C, in Swift's import of the struct, and the number
    /// InterfaceInfoMessage reads and writes at.
    @Test(arguments: interfaceInfoLayoutCases)
    func layout(_ c: LayoutCase) {
        #expect(Int(c.c) == c.expected, "C")
        if let swift = c.swift {
            #expect(swift == c.expected, "Swift import")
        }
    }

    /// `InterfaceInfoMessage.size` is `sizeof(struct ifinfomsg)`, and each field has the width
    /// of the C field it mirrors.
    @Test func mirrorsIfinfomsg() {
        let c = ifinfomsg()
        let message = InterfaceInfoMessage()
        #expect(InterfaceInfoMessage.size == Int(shim_sizeof_ifinfomsg()))
        #expect(isSameType(type(of: message.family.rawValue), type(of: c.ifi_family)))
        #expect(MemoryLayout<AddressFamily>.size == MemoryLayout.size(ofValue: c.ifi_family))
        #expect(isSameType(type(of: message.type), type(of: c.ifi_type)))
        #expect(isSameType(type(of: message.index), type(of: c.ifi_index)))
        #expect(isSameType(type(of: message.flags), type(of: c.ifi_flags)))
        #expect(isSameType(type(of: message.change), type(of: c.ifi_change)))
    }

    /// Encoding gives the bytes of the C `ifinfomsg` with the same fields.
    @Test(arguments: interfaceInfoValues)
    func encode(_ c: ifinfomsg) {
        var builder = NetlinkMessageBuilder()
        InterfaceInfoMessage(family: AddressFamily(rawValue: c.ifi_family), type: c.ifi_type, index: c.ifi_index, flags: c.ifi_flags, change: c.ifi_change)
            .encode(into: &builder)
        #expect(builder.bytes == bytes(of: c))
    }

    /// Decoding a link message whose payload is a C `ifinfomsg` gives back each of its fields.
    @Test(arguments: interfaceInfoValues)
    func decode(_ c: ifinfomsg) throws {
        let payload = bytes(of: c) + [0xAA, 0xBB, 0xCC, 0xDD]  // An attribute's worth of bytes after it.
        let header = nlmsghdr(
            nlmsg_len: UInt32(shim_NLMSG_LENGTH(Int32(payload.count))), nlmsg_type: UInt16(RTM_NEWLINK),
            nlmsg_flags: 0, nlmsg_seq: 1, nlmsg_pid: 0)
        let raw = bytes(of: header) + payload
        let decoded = try InterfaceInfoMessage(decoding: NetlinkMessage(raw.span.bytes))
        #expect(decoded.family.rawValue == c.ifi_family)
        #expect(decoded.type == c.ifi_type)
        #expect(decoded.index == c.ifi_index)
        #expect(decoded.flags == c.ifi_flags)
        #expect(decoded.change == c.ifi_change)
    }
}

// MARK: IFF_*

/// The `IFF_*` of <linux/if.h> (from shim.c: Swift's Glibc module has <net/if.h>'s instead).
let interfaceFlagCases: [ConstantCase] = [
    ConstantCase(InterfaceFlags.up.rawValue, shim_IFF_UP(), "IFF_UP"),
    ConstantCase(InterfaceFlags.broadcast.rawValue, shim_IFF_BROADCAST(), "IFF_BROADCAST"),
    ConstantCase(InterfaceFlags.loopback.rawValue, shim_IFF_LOOPBACK(), "IFF_LOOPBACK"),
    ConstantCase(InterfaceFlags.pointToPoint.rawValue, shim_IFF_POINTOPOINT(), "IFF_POINTOPOINT"),
    ConstantCase(InterfaceFlags.noARP.rawValue, shim_IFF_NOARP(), "IFF_NOARP"),
    ConstantCase(InterfaceFlags.promiscuous.rawValue, shim_IFF_PROMISC(), "IFF_PROMISC"),
    ConstantCase(InterfaceFlags.multicast.rawValue, shim_IFF_MULTICAST(), "IFF_MULTICAST"),
    ConstantCase(InterfaceFlags.lowerUp.rawValue, shim_IFF_LOWER_UP(), "IFF_LOWER_UP"),
]

@Suite("InterfaceFlags vs IFF_*")
struct InterfaceFlagsConformanceTests {
    /// Each flag equals its `IFF_*` of <linux/if.h>.
    @Test(arguments: interfaceFlagCases)
    func value(_ c: ConstantCase) {
        #expect(c.swift == c.header, "\(c.cName)")
    }
}

// MARK: IFLA_*, IFLA_INFO_*, VETH_INFO_*, NETNSA_*

let linkAttributeCases: [ConstantCase] = [
    ConstantCase(LinkAttribute.address, IFLA_ADDRESS, "IFLA_ADDRESS"),
    ConstantCase(LinkAttribute.broadcast, IFLA_BROADCAST, "IFLA_BROADCAST"),
    ConstantCase(LinkAttribute.name, IFLA_IFNAME, "IFLA_IFNAME"),
    ConstantCase(LinkAttribute.mtu, IFLA_MTU, "IFLA_MTU"),
    ConstantCase(LinkAttribute.link, IFLA_LINK, "IFLA_LINK"),
    ConstantCase(LinkAttribute.master, IFLA_MASTER, "IFLA_MASTER"),
    ConstantCase(LinkAttribute.transmitQueueLength, IFLA_TXQLEN, "IFLA_TXQLEN"),
    ConstantCase(LinkAttribute.operationalState, IFLA_OPERSTATE, "IFLA_OPERSTATE"),
    ConstantCase(LinkAttribute.linkInfo, IFLA_LINKINFO, "IFLA_LINKINFO"),
    ConstantCase(LinkAttribute.namespacePID, IFLA_NET_NS_PID, "IFLA_NET_NS_PID"),
    ConstantCase(LinkAttribute.alias, IFLA_IFALIAS, "IFLA_IFALIAS"),
    ConstantCase(LinkAttribute.namespaceFD, IFLA_NET_NS_FD, "IFLA_NET_NS_FD"),
    ConstantCase(LinkAttribute.extendedMask, IFLA_EXT_MASK, "IFLA_EXT_MASK"),
    ConstantCase(LinkAttribute.linkNamespaceID, IFLA_LINK_NETNSID, "IFLA_LINK_NETNSID"),
    ConstantCase(LinkAttribute.alternativeName, IFLA_ALT_IFNAME, "IFLA_ALT_IFNAME"),
    ConstantCase(LinkAttribute.propertyList, IFLA_PROP_LIST, "IFLA_PROP_LIST"),
    ConstantCase(RouteMessageType.newLinkProperty.rawValue, RTM_NEWLINKPROP, "RTM_NEWLINKPROP"),
    ConstantCase(RouteMessageType.deleteLinkProperty.rawValue, RTM_DELLINKPROP, "RTM_DELLINKPROP"),
    // Nested in IFLA_LINKINFO.
    ConstantCase(LinkAttribute.Info.kind, IFLA_INFO_KIND, "IFLA_INFO_KIND"),
    ConstantCase(LinkAttribute.Info.data, IFLA_INFO_DATA, "IFLA_INFO_DATA"),
    // Nested in IFLA_INFO_DATA of a veth.
    ConstantCase(LinkAttribute.Veth.peer, VETH_INFO_PEER, "VETH_INFO_PEER"),
]

let namespaceIDAttributeCases: [ConstantCase] = [
    ConstantCase(NamespaceIDAttribute.id, NETNSA_NSID, "NETNSA_NSID"),
    ConstantCase(NamespaceIDAttribute.pid, NETNSA_PID, "NETNSA_PID"),
    ConstantCase(NamespaceIDAttribute.fd, NETNSA_FD, "NETNSA_FD"),
    ConstantCase(NamespaceIDAttribute.targetID, NETNSA_TARGET_NSID, "NETNSA_TARGET_NSID"),
    ConstantCase(NamespaceIDAttribute.currentID, NETNSA_CURRENT_NSID, "NETNSA_CURRENT_NSID"),
]

@Suite("LinkAttribute vs IFLA_*, IFLA_INFO_*, VETH_INFO_*")
struct LinkAttributeConformanceTests {
    /// Each attribute type equals its enumerator.
    @Test(arguments: linkAttributeCases)
    func value(_ c: ConstantCase) {
        #expect(c.swift == c.header, "\(c.cName)")
    }
}

@Suite("NamespaceIDAttribute vs NETNSA_*")
struct NamespaceIDAttributeConformanceTests {
    /// Each attribute type equals its enumerator.
    @Test(arguments: namespaceIDAttributeCases)
    func value(_ c: ConstantCase) {
        #expect(c.swift == c.header, "\(c.cName)")
    }

    /// `NETNSA_NSID_NOT_ASSIGNED`, which `namespaceID(of:)` maps to nil, is -1.
    @Test func notAssigned() {
        #expect(NETNSA_NSID_NOT_ASSIGNED == -1)
    }
}
