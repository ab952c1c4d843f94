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
#include <linux/genetlink.h>

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

// `struct ucred` (SCM_CREDENTIALS) is only declared by glibc under _GNU_SOURCE, which the Glibc
// module Swift imports is not built with: these four are defined in shim.c, compiled with it.
unsigned long shim_sizeof_ucred(void);
unsigned long shim_offsetof_ucred_pid(void);
unsigned long shim_offsetof_ucred_uid(void);
unsigned long shim_offsetof_ucred_gid(void);

#undef SHIM_SIZEOF
#undef SHIM_OFFSETOF
#include "netlink_system.h"
