// Most of what the shim offers is inline in include/shim.h. What lives here needs a translation
// unit of its own:
//   - `struct ucred` and `SCM_CREDENTIALS`: glibc declares them under _GNU_SOURCE alone, so this
//     file is compiled with it;
//   - the IFF_* of <linux/if.h>: Swift's Glibc module includes <net/if.h>, which declares the same
//     names, so <linux/if.h> is included here, where <net/if.h> is not.
#define _GNU_SOURCE 1
#include <string.h>
#include <sys/socket.h>
#include <linux/if.h>
#include "shim.h"

unsigned long shim_sizeof_ucred(void) { return sizeof(struct ucred); }
unsigned long shim_offsetof_ucred_pid(void) { return offsetof(struct ucred, pid); }
unsigned long shim_offsetof_ucred_uid(void) { return offsetof(struct ucred, uid); }
unsigned long shim_offsetof_ucred_gid(void) { return offsetof(struct ucred, gid); }

int shim_SCM_CREDENTIALS(void) { return SCM_CREDENTIALS; }

/// Appends one control message after `previous` (NULL: the first), or returns NULL if it does not fit.
static struct cmsghdr *shim_append_control(
    struct msghdr *header, struct cmsghdr *previous, int level, int type, const void *data, size_t length) {
    struct cmsghdr *message = previous ? CMSG_NXTHDR(header, previous) : CMSG_FIRSTHDR(header);
    if (message == NULL) return NULL;
    if ((unsigned char *)message + CMSG_SPACE(length) > (unsigned char *)header->msg_control + header->msg_controllen)
        return NULL;
    message->cmsg_len = CMSG_LEN(length);
    message->cmsg_level = level;
    message->cmsg_type = type;
    memcpy(CMSG_DATA(message), data, length);
    return message;
}

unsigned long shim_build_control(
    void *buffer, unsigned long capacity, int which,
    unsigned int group, int nsid, int pid, unsigned int uid, unsigned int gid) {
    memset(buffer, 0, capacity);
    struct msghdr header = { .msg_control = buffer, .msg_controllen = capacity };
    struct cmsghdr *last = NULL;
    unsigned long used = 0;
    if (which & SHIM_CONTROL_PKTINFO) {
        struct nl_pktinfo info = { .group = group };
        if (!(last = shim_append_control(&header, last, SOL_NETLINK, NETLINK_PKTINFO, &info, sizeof info))) return 0;
        used += CMSG_SPACE(sizeof info);
    }
    if (which & SHIM_CONTROL_NSID) {
        if (!(last = shim_append_control(&header, last, SOL_NETLINK, NETLINK_LISTEN_ALL_NSID, &nsid, sizeof nsid))) return 0;
        used += CMSG_SPACE(sizeof nsid);
    }
    if (which & SHIM_CONTROL_CREDENTIALS) {
        struct ucred credentials = { .pid = pid, .uid = uid, .gid = gid };
        if (!(last = shim_append_control(&header, last, SOL_SOCKET, SCM_CREDENTIALS, &credentials, sizeof credentials))) return 0;
        used += CMSG_SPACE(sizeof credentials);
    }
    return used;
}

unsigned int shim_IFF_UP(void) { return IFF_UP; }
unsigned int shim_IFF_BROADCAST(void) { return IFF_BROADCAST; }
unsigned int shim_IFF_LOOPBACK(void) { return IFF_LOOPBACK; }
unsigned int shim_IFF_POINTOPOINT(void) { return IFF_POINTOPOINT; }
unsigned int shim_IFF_NOARP(void) { return IFF_NOARP; }
unsigned int shim_IFF_PROMISC(void) { return IFF_PROMISC; }
unsigned int shim_IFF_MULTICAST(void) { return IFF_MULTICAST; }
unsigned int shim_IFF_LOWER_UP(void) { return IFF_LOWER_UP; }
