// NetlinkRoute's route constants against the 6.1 UAPI headers (<linux/rtnetlink.h>): RTA_*, RTN_*,
// RTPROT_*, RT_SCOPE_*, RT_TABLE_*, RTM_F_*, RTNH_F_*, RTAX_*, and the sizes of struct rtmsg,
// struct rtnexthop, struct rtvia and struct rta_cacheinfo. None of these constants is newer than
// the 6.1 headers.

import CNetlinkShim
import NetlinkCore
import NetlinkRoute
import Testing

let routeConstantCases: [ConstantCase] = [
    // RTA_* (enum rtattr_type_t)
    ConstantCase(RouteAttribute.destination, RTA_DST.rawValue, "RTA_DST"),
    ConstantCase(RouteAttribute.source, RTA_SRC.rawValue, "RTA_SRC"),
    ConstantCase(RouteAttribute.inputInterface, RTA_IIF.rawValue, "RTA_IIF"),
    ConstantCase(RouteAttribute.outputInterface, RTA_OIF.rawValue, "RTA_OIF"),
    ConstantCase(RouteAttribute.gateway, RTA_GATEWAY.rawValue, "RTA_GATEWAY"),
    ConstantCase(RouteAttribute.priority, RTA_PRIORITY.rawValue, "RTA_PRIORITY"),
    ConstantCase(RouteAttribute.preferredSource, RTA_PREFSRC.rawValue, "RTA_PREFSRC"),
    ConstantCase(RouteAttribute.metrics, RTA_METRICS.rawValue, "RTA_METRICS"),
    ConstantCase(RouteAttribute.multipath, RTA_MULTIPATH.rawValue, "RTA_MULTIPATH"),
    ConstantCase(RouteAttribute.protocolInfo, RTA_PROTOINFO.rawValue, "RTA_PROTOINFO"),
    ConstantCase(RouteAttribute.flow, RTA_FLOW.rawValue, "RTA_FLOW"),
    ConstantCase(RouteAttribute.cacheInfo, RTA_CACHEINFO.rawValue, "RTA_CACHEINFO"),
    ConstantCase(RouteAttribute.session, RTA_SESSION.rawValue, "RTA_SESSION"),
    ConstantCase(RouteAttribute.multipathAlgorithm, RTA_MP_ALGO.rawValue, "RTA_MP_ALGO"),
    ConstantCase(RouteAttribute.table, RTA_TABLE.rawValue, "RTA_TABLE"),
    ConstantCase(RouteAttribute.mark, RTA_MARK.rawValue, "RTA_MARK"),
    ConstantCase(RouteAttribute.multicastStatistics, RTA_MFC_STATS.rawValue, "RTA_MFC_STATS"),
    ConstantCase(RouteAttribute.via, RTA_VIA.rawValue, "RTA_VIA"),
    ConstantCase(RouteAttribute.newDestination, RTA_NEWDST.rawValue, "RTA_NEWDST"),
    ConstantCase(RouteAttribute.preference, RTA_PREF.rawValue, "RTA_PREF"),
    ConstantCase(RouteAttribute.encapsulationType, RTA_ENCAP_TYPE.rawValue, "RTA_ENCAP_TYPE"),
    ConstantCase(RouteAttribute.encapsulation, RTA_ENCAP.rawValue, "RTA_ENCAP"),
    ConstantCase(RouteAttribute.expires, RTA_EXPIRES.rawValue, "RTA_EXPIRES"),
    ConstantCase(RouteAttribute.pad, RTA_PAD.rawValue, "RTA_PAD"),
    ConstantCase(RouteAttribute.uid, RTA_UID.rawValue, "RTA_UID"),
    ConstantCase(RouteAttribute.ttlPropagate, RTA_TTL_PROPAGATE.rawValue, "RTA_TTL_PROPAGATE"),
    ConstantCase(RouteAttribute.ipProtocol, RTA_IP_PROTO.rawValue, "RTA_IP_PROTO"),
    ConstantCase(RouteAttribute.sourcePort, RTA_SPORT.rawValue, "RTA_SPORT"),
    ConstantCase(RouteAttribute.destinationPort, RTA_DPORT.rawValue, "RTA_DPORT"),
    ConstantCase(RouteAttribute.nexthopID, RTA_NH_ID.rawValue, "RTA_NH_ID"),
    // RTN_*
    ConstantCase(RouteType.unspecified.rawValue, RTN_UNSPEC, "RTN_UNSPEC"),
    ConstantCase(RouteType.unicast.rawValue, RTN_UNICAST, "RTN_UNICAST"),
    ConstantCase(RouteType.local.rawValue, RTN_LOCAL, "RTN_LOCAL"),
    ConstantCase(RouteType.broadcast.rawValue, RTN_BROADCAST, "RTN_BROADCAST"),
    ConstantCase(RouteType.anycast.rawValue, RTN_ANYCAST, "RTN_ANYCAST"),
    ConstantCase(RouteType.multicast.rawValue, RTN_MULTICAST, "RTN_MULTICAST"),
    ConstantCase(RouteType.blackhole.rawValue, RTN_BLACKHOLE, "RTN_BLACKHOLE"),
    ConstantCase(RouteType.unreachable.rawValue, RTN_UNREACHABLE, "RTN_UNREACHABLE"),
    ConstantCase(RouteType.prohibit.rawValue, RTN_PROHIBIT, "RTN_PROHIBIT"),
    ConstantCase(RouteType.throw.rawValue, RTN_THROW, "RTN_THROW"),
    ConstantCase(RouteType.nat.rawValue, RTN_NAT, "RTN_NAT"),
    ConstantCase(RouteType.externalResolve.rawValue, RTN_XRESOLVE, "RTN_XRESOLVE"),
    // RTPROT_*
    ConstantCase(RouteProtocol.unspecified.rawValue, RTPROT_UNSPEC, "RTPROT_UNSPEC"),
    ConstantCase(RouteProtocol.redirect.rawValue, RTPROT_REDIRECT, "RTPROT_REDIRECT"),
    ConstantCase(RouteProtocol.kernel.rawValue, RTPROT_KERNEL, "RTPROT_KERNEL"),
    ConstantCase(RouteProtocol.boot.rawValue, RTPROT_BOOT, "RTPROT_BOOT"),
    ConstantCase(RouteProtocol.static.rawValue, RTPROT_STATIC, "RTPROT_STATIC"),
    ConstantCase(RouteProtocol.gated.rawValue, RTPROT_GATED, "RTPROT_GATED"),
    ConstantCase(RouteProtocol.routerAdvertisement.rawValue, RTPROT_RA, "RTPROT_RA"),
    ConstantCase(RouteProtocol.mrt.rawValue, RTPROT_MRT, "RTPROT_MRT"),
    ConstantCase(RouteProtocol.zebra.rawValue, RTPROT_ZEBRA, "RTPROT_ZEBRA"),
    ConstantCase(RouteProtocol.bird.rawValue, RTPROT_BIRD, "RTPROT_BIRD"),
    ConstantCase(RouteProtocol.dnrouted.rawValue, RTPROT_DNROUTED, "RTPROT_DNROUTED"),
    ConstantCase(RouteProtocol.xorp.rawValue, RTPROT_XORP, "RTPROT_XORP"),
    ConstantCase(RouteProtocol.ntk.rawValue, RTPROT_NTK, "RTPROT_NTK"),
    ConstantCase(RouteProtocol.dhcp.rawValue, RTPROT_DHCP, "RTPROT_DHCP"),
    ConstantCase(RouteProtocol.mrouted.rawValue, RTPROT_MROUTED, "RTPROT_MROUTED"),
    ConstantCase(RouteProtocol.keepalived.rawValue, RTPROT_KEEPALIVED, "RTPROT_KEEPALIVED"),
    ConstantCase(RouteProtocol.babel.rawValue, RTPROT_BABEL, "RTPROT_BABEL"),
    ConstantCase(RouteProtocol.openr.rawValue, RTPROT_OPENR, "RTPROT_OPENR"),
    ConstantCase(RouteProtocol.bgp.rawValue, RTPROT_BGP, "RTPROT_BGP"),
    ConstantCase(RouteProtocol.isis.rawValue, RTPROT_ISIS, "RTPROT_ISIS"),
    ConstantCase(RouteProtocol.ospf.rawValue, RTPROT_OSPF, "RTPROT_OSPF"),
    ConstantCase(RouteProtocol.rip.rawValue, RTPROT_RIP, "RTPROT_RIP"),
    ConstantCase(RouteProtocol.eigrp.rawValue, RTPROT_EIGRP, "RTPROT_EIGRP"),
    // RT_SCOPE_* (enum rt_scope_t)
    ConstantCase(RouteScope.universe.rawValue, RT_SCOPE_UNIVERSE.rawValue, "RT_SCOPE_UNIVERSE"),
    ConstantCase(RouteScope.site.rawValue, RT_SCOPE_SITE.rawValue, "RT_SCOPE_SITE"),
    ConstantCase(RouteScope.link.rawValue, RT_SCOPE_LINK.rawValue, "RT_SCOPE_LINK"),
    ConstantCase(RouteScope.host.rawValue, RT_SCOPE_HOST.rawValue, "RT_SCOPE_HOST"),
    ConstantCase(RouteScope.nowhere.rawValue, RT_SCOPE_NOWHERE.rawValue, "RT_SCOPE_NOWHERE"),
    // RT_TABLE_* (enum rt_class_t)
    ConstantCase(RouteTable.unspecified.rawValue, RT_TABLE_UNSPEC.rawValue, "RT_TABLE_UNSPEC"),
    ConstantCase(RouteTable.compat.rawValue, RT_TABLE_COMPAT.rawValue, "RT_TABLE_COMPAT"),
    ConstantCase(RouteTable.default.rawValue, RT_TABLE_DEFAULT.rawValue, "RT_TABLE_DEFAULT"),
    ConstantCase(RouteTable.main.rawValue, RT_TABLE_MAIN.rawValue, "RT_TABLE_MAIN"),
    ConstantCase(RouteTable.local.rawValue, RT_TABLE_LOCAL.rawValue, "RT_TABLE_LOCAL"),
    // RTM_F_* and RTNH_F_* as they appear in rtm_flags
    ConstantCase(RouteFlags.notify.rawValue, RTM_F_NOTIFY, "RTM_F_NOTIFY"),
    ConstantCase(RouteFlags.cloned.rawValue, RTM_F_CLONED, "RTM_F_CLONED"),
    ConstantCase(RouteFlags.equalize.rawValue, RTM_F_EQUALIZE, "RTM_F_EQUALIZE"),
    ConstantCase(RouteFlags.prefix.rawValue, RTM_F_PREFIX, "RTM_F_PREFIX"),
    ConstantCase(RouteFlags.lookupTable.rawValue, RTM_F_LOOKUP_TABLE, "RTM_F_LOOKUP_TABLE"),
    ConstantCase(RouteFlags.fibMatch.rawValue, RTM_F_FIB_MATCH, "RTM_F_FIB_MATCH"),
    ConstantCase(RouteFlags.offload.rawValue, RTM_F_OFFLOAD, "RTM_F_OFFLOAD"),
    ConstantCase(RouteFlags.trap.rawValue, RTM_F_TRAP, "RTM_F_TRAP"),
    ConstantCase(RouteFlags.offloadFailed.rawValue, RTM_F_OFFLOAD_FAILED, "RTM_F_OFFLOAD_FAILED"),
    ConstantCase(RouteFlags.dead.rawValue, RTNH_F_DEAD, "RTNH_F_DEAD (rtm_flags)"),
    ConstantCase(RouteFlags.pervasive.rawValue, RTNH_F_PERVASIVE, "RTNH_F_PERVASIVE (rtm_flags)"),
    ConstantCase(RouteFlags.onlink.rawValue, RTNH_F_ONLINK, "RTNH_F_ONLINK (rtm_flags)"),
    ConstantCase(RouteFlags.offloadedNexthop.rawValue, RTNH_F_OFFLOAD, "RTNH_F_OFFLOAD (rtm_flags)"),
    ConstantCase(RouteFlags.linkDown.rawValue, RTNH_F_LINKDOWN, "RTNH_F_LINKDOWN (rtm_flags)"),
    ConstantCase(RouteFlags.unresolved.rawValue, RTNH_F_UNRESOLVED, "RTNH_F_UNRESOLVED (rtm_flags)"),
    ConstantCase(RouteFlags.trappingNexthop.rawValue, RTNH_F_TRAP, "RTNH_F_TRAP (rtm_flags)"),
    // RTNH_F_* in rtnh_flags
    ConstantCase(RouteNexthopFlags.dead.rawValue, RTNH_F_DEAD, "RTNH_F_DEAD"),
    ConstantCase(RouteNexthopFlags.pervasive.rawValue, RTNH_F_PERVASIVE, "RTNH_F_PERVASIVE"),
    ConstantCase(RouteNexthopFlags.onlink.rawValue, RTNH_F_ONLINK, "RTNH_F_ONLINK"),
    ConstantCase(RouteNexthopFlags.offload.rawValue, RTNH_F_OFFLOAD, "RTNH_F_OFFLOAD"),
    ConstantCase(RouteNexthopFlags.linkDown.rawValue, RTNH_F_LINKDOWN, "RTNH_F_LINKDOWN"),
    ConstantCase(RouteNexthopFlags.unresolved.rawValue, RTNH_F_UNRESOLVED, "RTNH_F_UNRESOLVED"),
    ConstantCase(RouteNexthopFlags.trap.rawValue, RTNH_F_TRAP, "RTNH_F_TRAP"),
    // RTAX_*
    ConstantCase(RouteMetric.lock, RTAX_LOCK, "RTAX_LOCK"),
    ConstantCase(RouteMetric.mtu, RTAX_MTU, "RTAX_MTU"),
    ConstantCase(RouteMetric.window, RTAX_WINDOW, "RTAX_WINDOW"),
    ConstantCase(RouteMetric.rtt, RTAX_RTT, "RTAX_RTT"),
    ConstantCase(RouteMetric.rttVariance, RTAX_RTTVAR, "RTAX_RTTVAR"),
    ConstantCase(RouteMetric.slowStartThreshold, RTAX_SSTHRESH, "RTAX_SSTHRESH"),
    ConstantCase(RouteMetric.congestionWindow, RTAX_CWND, "RTAX_CWND"),
    ConstantCase(RouteMetric.advertisedMSS, RTAX_ADVMSS, "RTAX_ADVMSS"),
    ConstantCase(RouteMetric.reordering, RTAX_REORDERING, "RTAX_REORDERING"),
    ConstantCase(RouteMetric.hopLimit, RTAX_HOPLIMIT, "RTAX_HOPLIMIT"),
    ConstantCase(RouteMetric.initialCongestionWindow, RTAX_INITCWND, "RTAX_INITCWND"),
    ConstantCase(RouteMetric.features, RTAX_FEATURES, "RTAX_FEATURES"),
    ConstantCase(RouteMetric.minimumRTO, RTAX_RTO_MIN, "RTAX_RTO_MIN"),
    ConstantCase(RouteMetric.initialReceiveWindow, RTAX_INITRWND, "RTAX_INITRWND"),
    ConstantCase(RouteMetric.quickAck, RTAX_QUICKACK, "RTAX_QUICKACK"),
    ConstantCase(RouteMetric.congestionControl, RTAX_CC_ALGO, "RTAX_CC_ALGO"),
    ConstantCase(RouteMetric.fastOpenNoCookie, RTAX_FASTOPEN_NO_COOKIE, "RTAX_FASTOPEN_NO_COOKIE"),
    ConstantCase(RouteMetric.maximumKnown, __RTAX_MAX - 1, "RTAX_MAX"),
]

@Suite("Route constants vs <linux/rtnetlink.h>")
struct RouteConstantsConformanceTests {
    /// Each constant equals its C macro or enumerator.
    @Test(arguments: routeConstantCases)
    func value(_ c: ConstantCase) {
        #expect(c.swift == c.header, "\(c.cName)")
    }

    /// The 6.1 headers end `RTA_*` at `RTA_NH_ID`: no attribute is newer than the headers.
    @Test func lastAttributeOfTheHeaders() {
        #expect(Int(__RTA_MAX.rawValue) - 1 == Int(RTA_NH_ID.rawValue))  // RTA_MAX
        #expect(Int(__RTN_MAX) - 1 == Int(RTN_XRESOLVE))  // RTN_MAX
    }

    /// The wire sizes and field offsets the codecs read and write at.
    @Test func layouts() {
        #expect(MemoryLayout<rtmsg>.size == RouteMessage.size)
        #expect(MemoryLayout.offset(of: \rtmsg.rtm_table) == 4)
        #expect(MemoryLayout.offset(of: \rtmsg.rtm_type) == 7)
        #expect(MemoryLayout.offset(of: \rtmsg.rtm_flags) == 8)
        #expect(MemoryLayout<rtnexthop>.size == RouteNexthop.headerSize)
        #expect(MemoryLayout.offset(of: \rtnexthop.rtnh_flags) == 2)
        #expect(MemoryLayout.offset(of: \rtnexthop.rtnh_hops) == 3)
        #expect(MemoryLayout.offset(of: \rtnexthop.rtnh_ifindex) == 4)
        #expect(MemoryLayout<rta_cacheinfo>.size == RouteCacheInfo.size)
        #expect(MemoryLayout.offset(of: \rta_cacheinfo.rta_expires) == 8)
        #expect(MemoryLayout.offset(of: \rta_cacheinfo.rta_tsage) == 28)
        #expect(MemoryLayout<rtvia>.size == 2)  // rtvia_family, then the flexible address
    }
}
