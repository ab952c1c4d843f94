// CNetlinkShim: the Linux UAPI netlink headers, for the conformance tests.
//
// Private target: never named in a public signature. The object-like macros with plain integer
// values (NETLINK_*, NLM_F_*, NLMSG_NOOP ...) and the structs import into Swift by themselves.
// What Swift cannot import is reached through the small inline functions below:
//   - function-like macros (NLMSG_ALIGN, NLMSG_LENGTH, NLA_ALIGN ...),
//   - macros whose value is an expression with a cast, sizeof or `~` (NLMSG_HDRLEN, NLA_HDRLEN,
//     NLA_TYPE_MASK),
//   - sizeof and offsetof as the C compiler computes them, to check the layout Swift imports.
#pragma once

#include <stddef.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_addrlabel.h>
#include <linux/nexthop.h>
#include <linux/genetlink.h>
#include <linux/tcp_metrics.h>
#include <linux/seg6_genl.h>
#include <linux/ethtool_netlink.h>
#include <linux/taskstats.h>
#include <linux/cgroupstats.h>
#include <linux/ioam6_genl.h>
#include <linux/if_link.h>
#include <linux/veth.h>
#include <linux/net_namespace.h>
#include <linux/sock_diag.h>
#include <linux/inet_diag.h>
#include <linux/unix_diag.h>
#include <linux/netlink_diag.h>
#include <linux/packet_diag.h>
#include <linux/audit.h>
#include <linux/selinux_netlink.h>
#include <linux/connector.h>
#include <linux/cn_proc.h>
// Not <linux/if.h>: Swift's Glibc module includes <net/if.h>, which declares the same IFF_*,
// struct ifreq ... The IFF_* of <linux/if.h> come from shim.c, compiled without <net/if.h>.

// MARK: Function-like and expression macros of <linux/netlink.h>

/// `NLMSG_ALIGN(len)`, in the unsigned arithmetic of the macro.
static inline unsigned int shim_NLMSG_ALIGN(unsigned int len) { return NLMSG_ALIGN(len); }
/// `NLMSG_HDRLEN`: `((int) NLMSG_ALIGN(sizeof(struct nlmsghdr)))`.
static inline int shim_NLMSG_HDRLEN(void) { return NLMSG_HDRLEN; }
/// `NLMSG_LENGTH(len)`: `((len) + NLMSG_HDRLEN)`.
static inline int shim_NLMSG_LENGTH(int len) { return NLMSG_LENGTH(len); }
/// `NLMSG_SPACE(len)`: `NLMSG_ALIGN(NLMSG_LENGTH(len))`.
static inline unsigned int shim_NLMSG_SPACE(int len) { return NLMSG_SPACE(len); }
/// `NLMSG_PAYLOAD(nlh, len)` for a header whose `nlmsg_len` is `nlmsg_len`. The macro computes in
/// `__u32`; the result is returned as a signed int, so a header too short for `len` gives a
/// negative number (where the macro would wrap around).
static inline int shim_NLMSG_PAYLOAD(unsigned int nlmsg_len, int len) {
    struct nlmsghdr header = { .nlmsg_len = nlmsg_len };
    return (int)NLMSG_PAYLOAD(&header, len);
}

/// `NLA_ALIGN(len)`.
static inline int shim_NLA_ALIGN(int len) { return NLA_ALIGN(len); }
/// `NLA_HDRLEN`: `((int) NLA_ALIGN(sizeof(struct nlattr)))`.
static inline int shim_NLA_HDRLEN(void) { return NLA_HDRLEN; }
/// `NLA_TYPE_MASK`: `~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)`, an `int` with every high bit set.
static inline int shim_NLA_TYPE_MASK(void) { return NLA_TYPE_MASK; }

// MARK: Socket constants of <sys/socket.h> (glibc; some are enumerators Swift imports as structs)

/// `SOL_NETLINK` (glibc's <bits/socket.h>: the kernel's is not in the UAPI headers).
static inline int shim_SOL_NETLINK(void) { return SOL_NETLINK; }
/// `SOL_SOCKET`.
static inline int shim_SOL_SOCKET(void) { return SOL_SOCKET; }
/// `SO_MEMINFO` (<asm-generic/socket.h>).
static inline int shim_SO_MEMINFO(void) { return SO_MEMINFO; }
/// `SOCK_RAW`, an enumerator of `enum __socket_type` in glibc.
static inline int shim_SOCK_RAW(void) { return SOCK_RAW; }
/// `SOCK_DGRAM`, an enumerator of `enum __socket_type` in glibc.
static inline int shim_SOCK_DGRAM(void) { return SOCK_DGRAM; }
/// `AF_NETLINK`.
static inline int shim_AF_NETLINK(void) { return AF_NETLINK; }

// MARK: Ancillary data: the CMSG_* macros of <bits/socket.h>

/// `CMSG_ALIGN(len)`.
static inline unsigned long shim_CMSG_ALIGN(unsigned long len) { return CMSG_ALIGN(len); }
/// `CMSG_LEN(len)`: the `cmsg_len` of a control message with `len` bytes of data.
static inline unsigned long shim_CMSG_LEN(unsigned long len) { return CMSG_LEN(len); }
/// `CMSG_SPACE(len)`: the room a control message with `len` bytes of data takes, padding included.
static inline unsigned long shim_CMSG_SPACE(unsigned long len) { return CMSG_SPACE(len); }
/// How far `CMSG_DATA(cmsg)` is from the start of `cmsg`.
static inline unsigned long shim_CMSG_DATA_offset(void) {
    struct cmsghdr header = { 0 };
    return (unsigned long)(CMSG_DATA(&header) - (unsigned char *)&header);
}
/// `SCM_CREDENTIALS`: glibc declares it under _GNU_SOURCE alone, so it is defined in shim.c.
int shim_SCM_CREDENTIALS(void);

/// The control messages `shim_build_control` writes.
enum {
    SHIM_CONTROL_PKTINFO = 1,      ///< SOL_NETLINK / NETLINK_PKTINFO: a `struct nl_pktinfo`.
    SHIM_CONTROL_NSID = 2,         ///< SOL_NETLINK / NETLINK_LISTEN_ALL_NSID: an `int`.
    SHIM_CONTROL_CREDENTIALS = 4,  ///< SOL_SOCKET / SCM_CREDENTIALS: a `struct ucred`.
};
/// Writes into `buffer` (zeroed first) the control messages of `which`, in the order the kernel's
/// netlink_recvmsg writes them (pktinfo, nsid, credentials), with CMSG_FIRSTHDR, CMSG_NXTHDR,
/// CMSG_LEN and CMSG_DATA. Returns the `msg_controllen` the kernel would report (the sum of the
/// CMSG_SPACE), or 0 when they do not fit in `capacity` bytes.
unsigned long shim_build_control(
    void *buffer, unsigned long capacity, int which,
    unsigned int group, int nsid, int pid, unsigned int uid, unsigned int gid);

// MARK: Expression macros of <linux/rtnetlink.h>

/// `RTNLGRP_MAX`: `(__RTNLGRP_MAX - 1)`, the last group of `enum rtnetlink_groups`.
static inline int shim_RTNLGRP_MAX(void) { return RTNLGRP_MAX; }

// MARK: IFF_* of <linux/if.h>, defined in shim.c (see the includes above)

unsigned int shim_IFF_UP(void);
unsigned int shim_IFF_BROADCAST(void);
unsigned int shim_IFF_LOOPBACK(void);
unsigned int shim_IFF_POINTOPOINT(void);
unsigned int shim_IFF_NOARP(void);
unsigned int shim_IFF_PROMISC(void);
unsigned int shim_IFF_MULTICAST(void);
unsigned int shim_IFF_LOWER_UP(void);

// MARK: sizeof and offsetof, as the C compiler lays the structs out

#define SHIM_SIZEOF(type) \
    static inline unsigned long shim_sizeof_##type(void) { return sizeof(struct type); }
#define SHIM_OFFSETOF(type, field) \
    static inline unsigned long shim_offsetof_##type##_##field(void) { return offsetof(struct type, field); }

SHIM_SIZEOF(nlmsghdr)
SHIM_OFFSETOF(nlmsghdr, nlmsg_len)
SHIM_OFFSETOF(nlmsghdr, nlmsg_type)
SHIM_OFFSETOF(nlmsghdr, nlmsg_flags)
SHIM_OFFSETOF(nlmsghdr, nlmsg_seq)
SHIM_OFFSETOF(nlmsghdr, nlmsg_pid)

SHIM_SIZEOF(nlattr)
SHIM_OFFSETOF(nlattr, nla_len)
SHIM_OFFSETOF(nlattr, nla_type)

SHIM_SIZEOF(nlmsgerr)
SHIM_OFFSETOF(nlmsgerr, error)
SHIM_OFFSETOF(nlmsgerr, msg)

SHIM_SIZEOF(sockaddr_nl)
SHIM_OFFSETOF(sockaddr_nl, nl_family)
SHIM_OFFSETOF(sockaddr_nl, nl_pad)
SHIM_OFFSETOF(sockaddr_nl, nl_pid)
SHIM_OFFSETOF(sockaddr_nl, nl_groups)

SHIM_SIZEOF(nl_pktinfo)
SHIM_OFFSETOF(nl_pktinfo, group)

SHIM_SIZEOF(cmsghdr)
SHIM_OFFSETOF(cmsghdr, cmsg_len)
SHIM_OFFSETOF(cmsghdr, cmsg_level)
SHIM_OFFSETOF(cmsghdr, cmsg_type)

SHIM_SIZEOF(ifinfomsg)
SHIM_OFFSETOF(ifinfomsg, ifi_family)
SHIM_OFFSETOF(ifinfomsg, __ifi_pad)
SHIM_OFFSETOF(ifinfomsg, ifi_type)
SHIM_OFFSETOF(ifinfomsg, ifi_index)
SHIM_OFFSETOF(ifinfomsg, ifi_flags)
SHIM_OFFSETOF(ifinfomsg, ifi_change)

// `struct ucred` (SCM_CREDENTIALS) is only declared by glibc under _GNU_SOURCE, which the Glibc
// module Swift imports is not built with: these four are defined in shim.c, compiled with it.
unsigned long shim_sizeof_ucred(void);
unsigned long shim_offsetof_ucred_pid(void);
unsigned long shim_offsetof_ucred_uid(void);
unsigned long shim_offsetof_ucred_gid(void);

#undef SHIM_SIZEOF
#undef SHIM_OFFSETOF

// <linux/tcp.h> defines struct tcp_info, which glibc's <netinet/tcp.h> (in Swift's Glibc module)
// defines otherwise: its layout comes from tcpinfo.c, compiled apart.
unsigned int shim_tcp_info_size(void);
unsigned int shim_tcp_info_offset_rto(void);
unsigned int shim_tcp_info_offset_rttvar(void);
unsigned int shim_tcp_info_offset_retrans(void);
unsigned int shim_tcp_info_offset_lost(void);
unsigned int shim_tcp_info_offset_sacked(void);
unsigned int shim_tcp_info_offset_snd_mss(void);
unsigned int shim_tcp_info_offset_rcv_mss(void);
unsigned int shim_tcp_info_offset_segs_in(void);
unsigned int shim_tcp_info_offset_bytes_acked(void);
unsigned int shim_tcp_info_offset_notsent_bytes(void);
unsigned int shim_tcp_info_offset_reordering(void);
unsigned int shim_tcp_info_offset_advmss(void);
unsigned int shim_tcp_info_offset_snd_ssthresh(void);
unsigned int shim_tcp_info_offset_rcv_ssthresh(void);
unsigned int shim_tcp_info_offset_last_ack_recv(void);
unsigned int shim_tcp_info_offset_last_data_recv(void);
unsigned int shim_tcp_info_offset_rcv_space(void);
unsigned int shim_tcp_info_offset_rcv_rtt(void);
unsigned int shim_tcp_info_offset_ato(void);
unsigned int shim_tcp_info_offset_max_pacing_rate(void);
unsigned int shim_tcp_info_offset_rcv_ooopack(void);
unsigned int shim_tcp_info_offset_reord_seen(void);
unsigned int shim_tcp_info_offset_dsack_dups(void);
unsigned int shim_tcp_info_offset_delivered_ce(void);
unsigned int shim_tcp_info_offset_delivered(void);
unsigned int shim_tcp_info_offset_sndbuf_limited(void);
unsigned int shim_tcp_info_offset_rwnd_limited(void);
unsigned int shim_tcp_info_offset_busy_time(void);
unsigned int shim_tcp_info_offset_data_segs_out(void);
unsigned int shim_tcp_info_offset_data_segs_in(void);
unsigned int shim_tcp_info_offset_last_ack_sent(void);
unsigned int shim_tcp_info_offset_fackets(void);
unsigned int shim_tcp_info_offset_unacked(void);
unsigned int shim_tcp_info_offset_last_data_sent(void);
unsigned int shim_tcp_info_offset_pmtu(void);
unsigned int shim_tcp_info_offset_rtt(void);
unsigned int shim_tcp_info_offset_snd_cwnd(void);
unsigned int shim_tcp_info_offset_total_retrans(void);
unsigned int shim_tcp_info_offset_pacing_rate(void);
unsigned int shim_tcp_info_offset_bytes_received(void);
unsigned int shim_tcp_info_offset_segs_out(void);
unsigned int shim_tcp_info_offset_min_rtt(void);
unsigned int shim_tcp_info_offset_delivery_rate(void);
unsigned int shim_tcp_info_offset_bytes_sent(void);
unsigned int shim_tcp_info_offset_bytes_retrans(void);
unsigned int shim_tcp_info_offset_snd_wnd(void);
unsigned int shim_tcp_diag_md5sig_size(void);
unsigned int shim_TLS_1_2_VERSION(void);
unsigned int shim_TLS_1_3_VERSION(void);
unsigned int shim_TLS_CIPHER_AES_GCM_128(void);
unsigned int shim_TLS_CIPHER_AES_GCM_256(void);
unsigned int shim_TLS_CONF_HW_RECORD(void);
unsigned int shim_TLS_INFO_ZC_RO_TX(void);
unsigned int shim_TLS_INFO_RX_NO_PAD(void);

// <linux/mptcp.h> includes <linux/in.h>, which clashes with glibc's <netinet/in.h> in one
// translation unit: its constants come from mptcp.c, compiled apart.
unsigned int shim_MPTCP_PM_VER(void);
unsigned int shim_mptcp_info_size(void);
unsigned int shim_mptcp_info_offset_flags(void);
unsigned int shim_mptcp_info_offset_token(void);
unsigned int shim_mptcp_info_offset_write_seq(void);
unsigned int shim_mptcp_info_offset_snd_una(void);
unsigned int shim_mptcp_info_offset_rcv_nxt(void);
unsigned int shim_mptcp_info_offset_local_addr_used(void);
unsigned int shim_MPTCP_SUBFLOW_ATTR_ID_LOC(void);
unsigned int shim_MPTCP_PM_CMD_ADD_ADDR(void);
unsigned int shim_MPTCP_PM_CMD_DEL_ADDR(void);
unsigned int shim_MPTCP_PM_CMD_GET_ADDR(void);
unsigned int shim_MPTCP_PM_CMD_FLUSH_ADDRS(void);
unsigned int shim_MPTCP_PM_CMD_SET_LIMITS(void);
unsigned int shim_MPTCP_PM_CMD_GET_LIMITS(void);
unsigned int shim_MPTCP_PM_CMD_SET_FLAGS(void);
unsigned int shim_MPTCP_PM_ATTR_ADDR(void);
unsigned int shim_MPTCP_PM_ATTR_RCV_ADD_ADDRS(void);
unsigned int shim_MPTCP_PM_ATTR_SUBFLOWS(void);
unsigned int shim_MPTCP_PM_ADDR_ATTR_FAMILY(void);
unsigned int shim_MPTCP_PM_ADDR_ATTR_ID(void);
unsigned int shim_MPTCP_PM_ADDR_ATTR_ADDR4(void);
unsigned int shim_MPTCP_PM_ADDR_ATTR_ADDR6(void);
unsigned int shim_MPTCP_PM_ADDR_ATTR_PORT(void);
unsigned int shim_MPTCP_PM_ADDR_ATTR_FLAGS(void);
unsigned int shim_MPTCP_PM_ADDR_ATTR_IF_IDX(void);
unsigned int shim_MPTCP_PM_ADDR_FLAG_SIGNAL(void);
unsigned int shim_MPTCP_PM_ADDR_FLAG_SUBFLOW(void);
unsigned int shim_MPTCP_PM_ADDR_FLAG_BACKUP(void);
unsigned int shim_MPTCP_PM_ADDR_FLAG_FULLMESH(void);
unsigned int shim_MPTCP_PM_ADDR_FLAG_IMPLICIT(void);
#include "netlink_system.h"
