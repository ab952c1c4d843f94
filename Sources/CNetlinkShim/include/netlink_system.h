// System calls Swift's Glibc module does not expose without _GNU_SOURCE: namespaces and eventfd.
// Implemented in system.c, which defines _GNU_SOURCE. Private: never in a public signature.
#pragma once

/// unshare(2).
int netlink_shim_unshare(int flags);
/// setns(2).
int netlink_shim_setns(int fd, int nstype);
/// eventfd(2) with EFD_CLOEXEC | EFD_NONBLOCK.
int netlink_shim_eventfd(void);
/// gettid(2).
int netlink_shim_gettid(void);
/// CLONE_NEWNET.
int netlink_shim_clone_newnet(void);
/// CLONE_NEWUSER.
int netlink_shim_clone_newuser(void);
