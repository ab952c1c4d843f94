// NetlinkRoute's address and netconf constants against the 6.1 UAPI headers: IFA_*, IFA_F_*,
// IFAPROT_* and struct ifaddrmsg / struct ifa_cacheinfo of <linux/if_addr.h> (included by
// <linux/rtnetlink.h>), RT_SCOPE_*, RTM_*NETCONF and RTNLGRP_*_NETCONF of <linux/rtnetlink.h>.
// RTM_*ADDRLABEL, IFAL_* and struct ifaddrlblmsg of <linux/if_addrlabel.h>; RTM_*NEXTHOPBUCKET
// and NHA_RES_BUCKET_* of <linux/nexthop.h>.
// <linux/netconf.h> is not in the shim, so NETCONFA_* are checked by the kernel tests only.

import CNetlinkShim
import NetlinkCore
import NetlinkRoute
import Testing

let addressConstantCases: [ConstantCase] = [
    ConstantCase(AddressAttribute.address, IFA_ADDRESS, "IFA_ADDRESS"),
    ConstantCase(AddressAttribute.local, IFA_LOCAL, "IFA_LOCAL"),
    ConstantCase(AddressAttribute.label, IFA_LABEL, "IFA_LABEL"),
    ConstantCase(AddressAttribute.broadcast, IFA_BROADCAST, "IFA_BROADCAST"),
    ConstantCase(AddressAttribute.anycast, IFA_ANYCAST, "IFA_ANYCAST"),
    ConstantCase(AddressAttribute.cacheInfo, IFA_CACHEINFO, "IFA_CACHEINFO"),
    ConstantCase(AddressAttribute.multicast, IFA_MULTICAST, "IFA_MULTICAST"),
    ConstantCase(AddressAttribute.flags, IFA_FLAGS, "IFA_FLAGS"),
    ConstantCase(AddressAttribute.routePriority, IFA_RT_PRIORITY, "IFA_RT_PRIORITY"),
    ConstantCase(AddressAttribute.targetNamespaceID, IFA_TARGET_NETNSID, "IFA_TARGET_NETNSID"),
    ConstantCase(AddressAttribute.protocol, IFA_PROTO, "IFA_PROTO"),
    ConstantCase(AddressFlags.secondary.rawValue, IFA_F_SECONDARY, "IFA_F_SECONDARY"),
    ConstantCase(AddressFlags.temporary.rawValue, IFA_F_TEMPORARY, "IFA_F_TEMPORARY"),
    ConstantCase(AddressFlags.noDAD.rawValue, IFA_F_NODAD, "IFA_F_NODAD"),
    ConstantCase(AddressFlags.optimistic.rawValue, IFA_F_OPTIMISTIC, "IFA_F_OPTIMISTIC"),
    ConstantCase(AddressFlags.dadFailed.rawValue, IFA_F_DADFAILED, "IFA_F_DADFAILED"),
    ConstantCase(AddressFlags.homeAddress.rawValue, IFA_F_HOMEADDRESS, "IFA_F_HOMEADDRESS"),
    ConstantCase(AddressFlags.deprecated.rawValue, IFA_F_DEPRECATED, "IFA_F_DEPRECATED"),
    ConstantCase(AddressFlags.tentative.rawValue, IFA_F_TENTATIVE, "IFA_F_TENTATIVE"),
    ConstantCase(AddressFlags.permanent.rawValue, IFA_F_PERMANENT, "IFA_F_PERMANENT"),
    ConstantCase(AddressFlags.manageTemporaryAddress.rawValue, IFA_F_MANAGETEMPADDR, "IFA_F_MANAGETEMPADDR"),
    ConstantCase(AddressFlags.noPrefixRoute.rawValue, IFA_F_NOPREFIXROUTE, "IFA_F_NOPREFIXROUTE"),
    ConstantCase(AddressFlags.multicastAutoJoin.rawValue, IFA_F_MCAUTOJOIN, "IFA_F_MCAUTOJOIN"),
    ConstantCase(AddressFlags.stablePrivacy.rawValue, IFA_F_STABLE_PRIVACY, "IFA_F_STABLE_PRIVACY"),
    ConstantCase(AddressProtocol.unspecified.rawValue, IFAPROT_UNSPEC, "IFAPROT_UNSPEC"),
    ConstantCase(AddressProtocol.kernelLoopback.rawValue, IFAPROT_KERNEL_LO, "IFAPROT_KERNEL_LO"),
    ConstantCase(AddressProtocol.kernelRouterAdvertisement.rawValue, IFAPROT_KERNEL_RA, "IFAPROT_KERNEL_RA"),
    ConstantCase(AddressProtocol.kernelLinkLocal.rawValue, IFAPROT_KERNEL_LL, "IFAPROT_KERNEL_LL"),
    ConstantCase(AddressScope.universe.rawValue, RT_SCOPE_UNIVERSE.rawValue, "RT_SCOPE_UNIVERSE"),
    ConstantCase(AddressScope.site.rawValue, RT_SCOPE_SITE.rawValue, "RT_SCOPE_SITE"),
    ConstantCase(AddressScope.link.rawValue, RT_SCOPE_LINK.rawValue, "RT_SCOPE_LINK"),
    ConstantCase(AddressScope.host.rawValue, RT_SCOPE_HOST.rawValue, "RT_SCOPE_HOST"),
    ConstantCase(AddressScope.nowhere.rawValue, RT_SCOPE_NOWHERE.rawValue, "RT_SCOPE_NOWHERE"),
    ConstantCase(RouteMessageType.newAddressLabel.rawValue, RTM_NEWADDRLABEL, "RTM_NEWADDRLABEL"),
    ConstantCase(RouteMessageType.deleteAddressLabel.rawValue, RTM_DELADDRLABEL, "RTM_DELADDRLABEL"),
    ConstantCase(RouteMessageType.getAddressLabel.rawValue, RTM_GETADDRLABEL, "RTM_GETADDRLABEL"),
    ConstantCase(AddressLabelAttribute.address, IFAL_ADDRESS, "IFAL_ADDRESS"),
    ConstantCase(AddressLabelAttribute.label, IFAL_LABEL, "IFAL_LABEL"),
    ConstantCase(RouteMessageType.newNexthopBucket.rawValue, RTM_NEWNEXTHOPBUCKET, "RTM_NEWNEXTHOPBUCKET"),
    ConstantCase(RouteMessageType.deleteNexthopBucket.rawValue, RTM_DELNEXTHOPBUCKET, "RTM_DELNEXTHOPBUCKET"),
    ConstantCase(RouteMessageType.getNexthopBucket.rawValue, RTM_GETNEXTHOPBUCKET, "RTM_GETNEXTHOPBUCKET"),
    ConstantCase(NexthopAttribute.resilientBucket, NHA_RES_BUCKET, "NHA_RES_BUCKET"),
    ConstantCase(NexthopBucketAttribute.index, NHA_RES_BUCKET_INDEX, "NHA_RES_BUCKET_INDEX"),
    ConstantCase(NexthopBucketAttribute.idleTime, NHA_RES_BUCKET_IDLE_TIME, "NHA_RES_BUCKET_IDLE_TIME"),
    ConstantCase(NexthopBucketAttribute.nexthopID, NHA_RES_BUCKET_NH_ID, "NHA_RES_BUCKET_NH_ID"),
    ConstantCase(RouteMessageType.newNeighborTable.rawValue, RTM_NEWNEIGHTBL, "RTM_NEWNEIGHTBL"),
    ConstantCase(RouteMessageType.getNeighborTable.rawValue, RTM_GETNEIGHTBL, "RTM_GETNEIGHTBL"),
    ConstantCase(RouteMessageType.setNeighborTable.rawValue, RTM_SETNEIGHTBL, "RTM_SETNEIGHTBL"),
    ConstantCase(NeighborTable.Attribute.name, NDTA_NAME, "NDTA_NAME"),
    ConstantCase(NeighborTable.Attribute.threshold1, NDTA_THRESH1, "NDTA_THRESH1"),
    ConstantCase(NeighborTable.Attribute.configuration, NDTA_CONFIG, "NDTA_CONFIG"),
    ConstantCase(NeighborTable.Attribute.parameters, NDTA_PARMS, "NDTA_PARMS"),
    ConstantCase(NeighborTable.Attribute.statistics, NDTA_STATS, "NDTA_STATS"),
    ConstantCase(NeighborTable.Attribute.gcInterval, NDTA_GC_INTERVAL, "NDTA_GC_INTERVAL"),
    ConstantCase(NeighborTable.Parameters.interfaceIndex, NDTPA_IFINDEX, "NDTPA_IFINDEX"),
    ConstantCase(NeighborTable.Parameters.lockTime, NDTPA_LOCKTIME, "NDTPA_LOCKTIME"),
    ConstantCase(NeighborTable.Parameters.multicastReprobes, NDTPA_MCAST_REPROBES, "NDTPA_MCAST_REPROBES"),
    ConstantCase(MemoryLayout<ndt_config>.size, 32, "sizeof(struct ndt_config)"),
    ConstantCase(MemoryLayout<ndt_stats>.size, 88, "sizeof(struct ndt_stats)"),
    ConstantCase(IPv6Token.tokenAttribute, IFLA_INET6_TOKEN, "IFLA_INET6_TOKEN"),
    ConstantCase(IPv6Token.protocolInfo, IFLA_PROTINFO, "IFLA_PROTINFO"),
    ConstantCase(RouteMessageType.newNetconf.rawValue, RTM_NEWNETCONF, "RTM_NEWNETCONF"),
    ConstantCase(RouteMessageType.deleteNetconf.rawValue, RTM_DELNETCONF, "RTM_DELNETCONF"),
    ConstantCase(RouteMessageType.getNetconf.rawValue, RTM_GETNETCONF, "RTM_GETNETCONF"),
    ConstantCase(RouteGroup.ipv4Netconf, RTNLGRP_IPV4_NETCONF.rawValue, "RTNLGRP_IPV4_NETCONF"),
    ConstantCase(RouteGroup.ipv6Netconf, RTNLGRP_IPV6_NETCONF.rawValue, "RTNLGRP_IPV6_NETCONF"),
    ConstantCase(AddressFamily.unspecified.rawValue, AF_UNSPEC, "AF_UNSPEC"),
    ConstantCase(AddressFamily.unix.rawValue, AF_UNIX, "AF_UNIX"),
    ConstantCase(AddressFamily.inet.rawValue, AF_INET, "AF_INET"),
    ConstantCase(AddressFamily.bridge.rawValue, AF_BRIDGE, "AF_BRIDGE"),
    ConstantCase(AddressFamily.inet6.rawValue, AF_INET6, "AF_INET6"),
    ConstantCase(AddressFamily.netlink.rawValue, AF_NETLINK, "AF_NETLINK"),
    ConstantCase(AddressFamily.packet.rawValue, AF_PACKET, "AF_PACKET"),
    ConstantCase(AddressFamily.mpls.rawValue, AF_MPLS, "AF_MPLS"),
    ConstantCase(AddressFamily.ipv4Multicast.rawValue, RTNL_FAMILY_IPMR, "RTNL_FAMILY_IPMR"),
    ConstantCase(AddressFamily.ipv6Multicast.rawValue, RTNL_FAMILY_IP6MR, "RTNL_FAMILY_IP6MR"),
]

@Suite("Address and netconf constants vs <linux/if_addr.h>, <linux/rtnetlink.h>")
struct AddressConformanceTests {
    @Test(arguments: addressConstantCases)
    func value(_ c: ConstantCase) {
        #expect(c.swift == c.header, "\(c.cName)")
    }

    /// `struct ifaddrlblmsg` as Swift imports it: 12 bytes, and AddressLabelMessage writes the same bytes.
    @Test func ifaddrlblmsgLayout() {
        #expect(MemoryLayout<ifaddrlblmsg>.size == AddressLabelMessage.size)
        #expect(MemoryLayout.offset(of: \ifaddrlblmsg.ifal_prefixlen) == 2)
        #expect(MemoryLayout.offset(of: \ifaddrlblmsg.ifal_flags) == 3)
        #expect(MemoryLayout.offset(of: \ifaddrlblmsg.ifal_index) == 4)
        #expect(MemoryLayout.offset(of: \ifaddrlblmsg.ifal_seq) == 8)
        let c = ifaddrlblmsg(ifal_family: 10, __ifal_reserved: 0, ifal_prefixlen: 48, ifal_flags: 3, ifal_index: 0x0403_0201, ifal_seq: 0x0807_0605)
        var builder = NetlinkMessageBuilder()
        AddressLabelMessage(family: 10, prefixLength: 48, flags: 3, index: 0x0403_0201, sequence: 0x0807_0605).encode(into: &builder)
        #expect(builder.bytes == withUnsafeBytes(of: c) { Array($0) })
    }

    /// `struct ifaddrmsg` as Swift imports it: 8 bytes, and InterfaceAddressMessage writes the same bytes.
    @Test func ifaddrmsgLayout() {
        #expect(MemoryLayout<ifaddrmsg>.size == InterfaceAddressMessage.size)
        #expect(MemoryLayout.offset(of: \ifaddrmsg.ifa_prefixlen) == 1)
        #expect(MemoryLayout.offset(of: \ifaddrmsg.ifa_flags) == 2)
        #expect(MemoryLayout.offset(of: \ifaddrmsg.ifa_scope) == 3)
        #expect(MemoryLayout.offset(of: \ifaddrmsg.ifa_index) == 4)
        let c = ifaddrmsg(ifa_family: 10, ifa_prefixlen: 64, ifa_flags: 0x82, ifa_scope: 253, ifa_index: 0x0403_0201)
        var builder = NetlinkMessageBuilder()
        InterfaceAddressMessage(family: 10, prefixLength: 64, flags: 0x82, scope: 253, index: 0x0403_0201).encode(into: &builder)
        #expect(builder.bytes == withUnsafeBytes(of: c) { Array($0) })
    }

    /// `struct ifa_cacheinfo`: 16 bytes, and AddressCacheInfo writes the same bytes.
    @Test func cacheInfoLayout() {
        #expect(MemoryLayout<ifa_cacheinfo>.size == AddressCacheInfo.size)
        let c = ifa_cacheinfo(ifa_prefered: 1, ifa_valid: 0x0203_0405, cstamp: 0x0607_0809, tstamp: 0xFFFF_FFFF)
        let swift = AddressCacheInfo(preferredLifetime: 1, validLifetime: 0x0203_0405, created: 0x0607_0809, updated: 0xFFFF_FFFF)
        #expect(swift.bytes == withUnsafeBytes(of: c) { Array($0) })
    }
}
