// tun/tap and RTM_GETSTATS against the 6.1 UAPI headers: the TUNSET* ioctl numbers and IFF_* of
// <linux/if_tun.h> (through CNetlinkShim's system.c), IFLA_STATS_* of <linux/if_link.h>
// (IFLA_TUN_* are checked with the other link details), RTM_NEWSTATS/RTM_GETSTATS, and struct if_stats_msg. None is newer than 6.1.

import CNetlinkShim
import NetlinkCore
import NetlinkRoute
import Testing

let tunTapConstantCases: [ConstantCase] = [
    ConstantCase(TunTapFlags.tun.rawValue, netlink_shim_tun_flag(0), "IFF_TUN"),
    ConstantCase(TunTapFlags.tap.rawValue, netlink_shim_tun_flag(1), "IFF_TAP"),
    ConstantCase(TunTapFlags.napi.rawValue, netlink_shim_tun_flag(2), "IFF_NAPI"),
    ConstantCase(TunTapFlags.napiFragments.rawValue, netlink_shim_tun_flag(3), "IFF_NAPI_FRAGS"),
    ConstantCase(TunTapFlags.multiQueue.rawValue, netlink_shim_tun_flag(4), "IFF_MULTI_QUEUE"),
    ConstantCase(TunTapFlags.persist.rawValue, netlink_shim_tun_flag(5), "IFF_PERSIST"),
    ConstantCase(TunTapFlags.noPacketInformation.rawValue, netlink_shim_tun_flag(6), "IFF_NO_PI"),
    ConstantCase(TunTapFlags.oneQueue.rawValue, netlink_shim_tun_flag(7), "IFF_ONE_QUEUE"),
    ConstantCase(TunTapFlags.virtioNetHeader.rawValue, netlink_shim_tun_flag(8), "IFF_VNET_HDR"),
    ConstantCase(TunTapFlags.exclusive.rawValue, netlink_shim_tun_flag(9), "IFF_TUN_EXCL"),
    ConstantCase(TunTapFlags.noPacketInformation.rawValue, netlink_shim_tun_flag(10), "IFF_NOFILTER (= IFF_NO_PI)"),
    ConstantCase(TunTapMode.tun.rawValue, netlink_shim_tun_flag(0), "IFLA_TUN_TYPE tun"),
    ConstantCase(TunTapMode.tap.rawValue, netlink_shim_tun_flag(1), "IFLA_TUN_TYPE tap"),
    // The ioctl numbers the shim uses: _IOW('T', 202..206, int) on x86-64 and arm64.
    ConstantCase(0x4004_54CA, netlink_shim_tun_request(0), "TUNSETIFF"),
    ConstantCase(0x4004_54CB, netlink_shim_tun_request(1), "TUNSETPERSIST"),
    ConstantCase(0x4004_54CC, netlink_shim_tun_request(2), "TUNSETOWNER"),
    ConstantCase(0x4004_54CE, netlink_shim_tun_request(3), "TUNSETGROUP"),
    // RTM_GETSTATS, IFLA_STATS_*
    ConstantCase(LinkStatisticsMessage.newStats.rawValue, RTM_NEWSTATS, "RTM_NEWSTATS"),
    ConstantCase(LinkStatisticsMessage.getStats.rawValue, RTM_GETSTATS, "RTM_GETSTATS"),
    ConstantCase(LinkStatisticsAttribute.link64, IFLA_STATS_LINK_64, "IFLA_STATS_LINK_64"),
    ConstantCase(LinkStatisticsAttribute.linkExtended, IFLA_STATS_LINK_XSTATS, "IFLA_STATS_LINK_XSTATS"),
    ConstantCase(LinkStatisticsAttribute.linkExtendedPort, IFLA_STATS_LINK_XSTATS_SLAVE, "IFLA_STATS_LINK_XSTATS_SLAVE"),
    ConstantCase(LinkStatisticsAttribute.linkOffload, IFLA_STATS_LINK_OFFLOAD_XSTATS, "IFLA_STATS_LINK_OFFLOAD_XSTATS"),
    ConstantCase(LinkStatisticsAttribute.addressFamily, IFLA_STATS_AF_SPEC, "IFLA_STATS_AF_SPEC"),
    ConstantCase(LinkStatisticsAttribute.offloadCPUHit, IFLA_OFFLOAD_XSTATS_CPU_HIT, "IFLA_OFFLOAD_XSTATS_CPU_HIT"),
    ConstantCase(LinkStatisticsAttribute.offloadHardwareStatisticsInfo, IFLA_OFFLOAD_XSTATS_HW_S_INFO, "IFLA_OFFLOAD_XSTATS_HW_S_INFO"),
    ConstantCase(LinkStatisticsAttribute.offloadL3Statistics, IFLA_OFFLOAD_XSTATS_L3_STATS, "IFLA_OFFLOAD_XSTATS_L3_STATS"),
    ConstantCase(LinkStatisticsAttribute.hardwareStatisticsRequested, IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST, "IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST"),
    ConstantCase(LinkStatisticsAttribute.hardwareStatisticsUsed, IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED, "IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED"),
    ConstantCase(LinkStatisticsAttribute.getFilters, IFLA_STATS_GET_FILTERS, "IFLA_STATS_GET_FILTERS"),
    ConstantCase(LinkStatisticsAttribute.setOffloadL3Statistics, IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS, "IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS"),
    ConstantCase(LinkStatisticsMessage.setStats.rawValue, RTM_SETSTATS, "RTM_SETSTATS"),
    // IFLA_STATS_FILTER_BIT(ATTR) = 1 << (ATTR - 1)
    ConstantCase(LinkStatisticsFilter.link64.rawValue, 1 << (IFLA_STATS_LINK_64 - 1), "IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64)"),
    ConstantCase(LinkStatisticsFilter.linkExtended.rawValue, 1 << (IFLA_STATS_LINK_XSTATS - 1), "IFLA_STATS_FILTER_BIT(LINK_XSTATS)"),
    ConstantCase(LinkStatisticsFilter.linkExtendedPort.rawValue, 1 << (IFLA_STATS_LINK_XSTATS_SLAVE - 1), "IFLA_STATS_FILTER_BIT(LINK_XSTATS_SLAVE)"),
    ConstantCase(LinkStatisticsFilter.linkOffload.rawValue, 1 << (IFLA_STATS_LINK_OFFLOAD_XSTATS - 1), "IFLA_STATS_FILTER_BIT(LINK_OFFLOAD_XSTATS)"),
    ConstantCase(LinkStatisticsFilter.addressFamily.rawValue, 1 << (IFLA_STATS_AF_SPEC - 1), "IFLA_STATS_FILTER_BIT(AF_SPEC)"),
    // The extended statistics' kinds and the bridge's (<linux/if_link.h>, <linux/if_bridge.h>, through the shim).
    ConstantCase(LinkExtendedStatisticsType.bridge, netlink_shim_xstats_constant(0), "LINK_XSTATS_TYPE_BRIDGE"),
    ConstantCase(LinkExtendedStatisticsType.bond, netlink_shim_xstats_constant(1), "LINK_XSTATS_TYPE_BOND"),
    ConstantCase(BridgeExtendedStatisticsAttribute.vlan, netlink_shim_xstats_constant(2), "BRIDGE_XSTATS_VLAN"),
    ConstantCase(BridgeExtendedStatisticsAttribute.multicast, netlink_shim_xstats_constant(3), "BRIDGE_XSTATS_MCAST"),
    ConstantCase(BridgeExtendedStatisticsAttribute.pad, netlink_shim_xstats_constant(4), "BRIDGE_XSTATS_PAD"),
    ConstantCase(BridgeExtendedStatisticsAttribute.spanningTree, netlink_shim_xstats_constant(5), "BRIDGE_XSTATS_STP"),
    ConstantCase(BridgeMulticastStatistics.size, netlink_shim_xstats_constant(6), "sizeof(struct br_mcast_stats)"),
    ConstantCase(BridgeSpanningTreeStatistics.size, netlink_shim_xstats_constant(7), "sizeof(struct bridge_stp_xstats)"),
    // Offsets the decoders' counter order relies on (8 bytes a counter): igmp_parse_errors is the
    // 15th counter, mld_v1queries the 16th, mld_parse_errors the 26th, mcast_bytes the 27th;
    // igmp_v1reports the 9th, mld_v1reports the 22nd; rx_bpdu the 3rd and tx_tcn the 6th of STP's.
    ConstantCase(14 * 8, netlink_shim_xstats_constant(8), "offsetof(br_mcast_stats, igmp_parse_errors)"),
    ConstantCase(15 * 8, netlink_shim_xstats_constant(9), "offsetof(br_mcast_stats, mld_v1queries)"),
    ConstantCase(25 * 8, netlink_shim_xstats_constant(10), "offsetof(br_mcast_stats, mld_parse_errors)"),
    ConstantCase(26 * 8, netlink_shim_xstats_constant(11), "offsetof(br_mcast_stats, mcast_bytes)"),
    ConstantCase(8 * 8, netlink_shim_xstats_constant(19), "offsetof(br_mcast_stats, igmp_v1reports)"),
    ConstantCase(21 * 8, netlink_shim_xstats_constant(20), "offsetof(br_mcast_stats, mld_v1reports)"),
    ConstantCase(2 * 8, netlink_shim_xstats_constant(12), "offsetof(bridge_stp_xstats, rx_bpdu)"),
    ConstantCase(5 * 8, netlink_shim_xstats_constant(13), "offsetof(bridge_stp_xstats, tx_tcn)"),
    ConstantCase(0, netlink_shim_xstats_constant(17), "BR_MCAST_DIR_RX (the received counter first)"),
    ConstantCase(1, netlink_shim_xstats_constant(18), "BR_MCAST_DIR_TX"),
    // MPLS per-link statistics, as nlctl's `link afstats` reads them (<linux/mpls.h>).
    ConstantCase(1, netlink_shim_xstats_constant(14), "MPLS_STATS_LINK"),
    ConstantCase(72, netlink_shim_xstats_constant(15), "sizeof(struct mpls_link_stats)"),
    ConstantCase(64, netlink_shim_xstats_constant(16), "offsetof(mpls_link_stats, rx_noroute)"),
]

@Suite("tun/tap and RTM_GETSTATS constants vs the UAPI headers")
struct TunTapStatsConformanceTests {
    @Test(arguments: tunTapConstantCases)
    func constant(_ c: ConstantCase) {
        #expect(c.swift == c.header, "\(c.cName)")
    }

    /// `LinkStatisticsMessage` is `struct if_stats_msg`: 12 bytes, the fields where the C struct
    /// has them, and encoding gives the C struct's bytes.
    @Test func ifStatsMsg() throws {
        #expect(LinkStatisticsMessage.size == MemoryLayout<if_stats_msg>.size)
        #expect(MemoryLayout.offset(of: \if_stats_msg.family) == 0)
        #expect(MemoryLayout.offset(of: \if_stats_msg.ifindex) == 4)
        #expect(MemoryLayout.offset(of: \if_stats_msg.filter_mask) == 8)
        var c = if_stats_msg()
        c.family = 0
        c.ifindex = 0x0403_0201
        c.filter_mask = 0x1F
        var builder = NetlinkMessageBuilder()
        LinkStatisticsMessage(index: 0x0403_0201, filterMask: LinkStatisticsFilter(rawValue: 0x1F)).encode(into: &builder)
        #expect(builder.bytes == bytes(of: c))
    }
}
