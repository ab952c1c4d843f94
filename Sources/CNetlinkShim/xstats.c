// Constants and sizes of <linux/if_bridge.h> and <linux/mpls.h>, for the conformance tests of the
// extended link statistics (kept in their own file: <linux/if_bridge.h> brings <linux/in6.h>,
// which must not meet glibc's <netinet/in.h>).
#include <stddef.h>
#include <linux/if_link.h>
#include <linux/if_bridge.h>
#include <linux/mpls.h>
#include "netlink_system.h"

long netlink_shim_xstats_constant(int which) {
    switch (which) {
    case 0: return LINK_XSTATS_TYPE_BRIDGE;
    case 1: return LINK_XSTATS_TYPE_BOND;
    case 2: return BRIDGE_XSTATS_VLAN;
    case 3: return BRIDGE_XSTATS_MCAST;
    case 4: return BRIDGE_XSTATS_PAD;
    case 5: return BRIDGE_XSTATS_STP;
    case 6: return sizeof(struct br_mcast_stats);
    case 7: return sizeof(struct bridge_stp_xstats);
    case 8: return offsetof(struct br_mcast_stats, igmp_parse_errors);
    case 9: return offsetof(struct br_mcast_stats, mld_v1queries);
    case 10: return offsetof(struct br_mcast_stats, mld_parse_errors);
    case 11: return offsetof(struct br_mcast_stats, mcast_bytes);
    case 12: return offsetof(struct bridge_stp_xstats, rx_bpdu);
    case 13: return offsetof(struct bridge_stp_xstats, tx_tcn);
    case 14: return MPLS_STATS_LINK;
    case 15: return sizeof(struct mpls_link_stats);
    case 16: return offsetof(struct mpls_link_stats, rx_noroute);
    case 17: return BR_MCAST_DIR_RX;
    case 18: return BR_MCAST_DIR_TX;
    case 19: return offsetof(struct br_mcast_stats, igmp_v1reports);
    case 20: return offsetof(struct br_mcast_stats, mld_v1reports);
    default: return -1;
    }
}
