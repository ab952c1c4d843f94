// System calls Swift's Glibc module does not expose without _GNU_SOURCE: namespaces and eventfd.
// Implemented in system.c, which defines _GNU_SOURCE. Private: never in a public signature.
#pragma once

/// unshare(2).
int netlink_shim_unshare(int flags);
/// setns(2).
int netlink_shim_setns(int fd, int nstype);
/// eventfd(2) with EFD_CLOEXEC | EFD_NONBLOCK.
int netlink_shim_eventfd(void);
/// pipe2(2) with O_CLOEXEC: the read end in fds[0], the write end in fds[1].
int netlink_shim_pipe_cloexec(int fds[2]);
/// gettid(2).
int netlink_shim_gettid(void);
/// CLONE_NEWNET.
int netlink_shim_clone_newnet(void);
/// CLONE_NEWNS.
int netlink_shim_clone_newns(void);
/// CLONE_NEWUSER.
int netlink_shim_clone_newuser(void);

// tun/tap (<linux/if_tun.h>): ioctl(2) is variadic, which Swift cannot call.

/// `ioctl(fd, TUNSETIFF, &ifr)` with `ifr_name` = `name` (NUL-terminated, at most IFNAMSIZ - 1 bytes;
/// empty for a kernel-chosen name) and `ifr_flags` = `flags`. On success the kernel's name of the
/// device is copied into `name_out` (IFNAMSIZ bytes, NUL-terminated). Returns 0, or -1 with errno.
int netlink_shim_tun_set_iff(int fd, const char *name, unsigned short flags, char *name_out);
/// `ioctl(fd, TUNSETPERSIST, value)`.
int netlink_shim_tun_set_persist(int fd, unsigned long value);
/// `ioctl(fd, TUNSETOWNER, uid)`.
int netlink_shim_tun_set_owner(int fd, unsigned long uid);
/// `ioctl(fd, TUNSETGROUP, gid)`.
int netlink_shim_tun_set_group(int fd, unsigned long gid);
/// `TUNSETIFF`, `TUNSETPERSIST`, `TUNSETOWNER`, `TUNSETGROUP` (expression macros), for the conformance tests.
unsigned long netlink_shim_tun_request(int which);
/// The IFF_* flags of <linux/if_tun.h>, for the conformance tests: 0 IFF_TUN, 1 IFF_TAP, 2 IFF_NAPI,
/// 3 IFF_NAPI_FRAGS, 4 IFF_MULTI_QUEUE, 5 IFF_PERSIST, 6 IFF_NO_PI, 7 IFF_ONE_QUEUE, 8 IFF_VNET_HDR,
/// 9 IFF_TUN_EXCL, 10 IFF_NOFILTER; 0 for any other index.
unsigned int netlink_shim_tun_flag(int which);
/// Constants and sizes of <linux/if_bridge.h> and <linux/mpls.h>, for the conformance tests:
/// 0 LINK_XSTATS_TYPE_BRIDGE, 1 LINK_XSTATS_TYPE_BOND, 2..5 BRIDGE_XSTATS_VLAN, _MCAST, _PAD, _STP,
/// 6 sizeof(struct br_mcast_stats), 7 sizeof(struct bridge_stp_xstats), 8..11 offsets of
/// igmp_parse_errors, mld_v1queries, mld_parse_errors, mcast_bytes, 12..13 of rx_bpdu and tx_tcn,
/// 14 MPLS_STATS_LINK, 15 sizeof(struct mpls_link_stats), 16 offset of rx_noroute, 17..18
/// BR_MCAST_DIR_RX and _TX, 19..20 offsets of igmp_v1reports and mld_v1reports; -1 otherwise.
long netlink_shim_xstats_constant(int which);
/// For a dedicated thread that has entered a network namespace: unshares the thread's mount
/// namespace, makes every mount a slave (nothing propagates back), and mounts a fresh sysfs on
/// /sys, which then shows that network namespace's /sys/class/net (what `ip netns exec` does).
/// The thread must end afterwards. Returns 0, or -1 with errno (EPERM without CAP_SYS_ADMIN).
int netlink_shim_private_sysfs(void);
