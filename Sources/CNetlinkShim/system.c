#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <errno.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_tun.h>
#include "netlink_system.h"

int netlink_shim_unshare(int flags) { return unshare(flags); }
int netlink_shim_setns(int fd, int nstype) { return setns(fd, nstype); }
int netlink_shim_eventfd(void) { return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }
int netlink_shim_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }
int netlink_shim_gettid(void) { return (int)syscall(SYS_gettid); }
int netlink_shim_clone_newnet(void) { return CLONE_NEWNET; }
int netlink_shim_clone_newuser(void) { return CLONE_NEWUSER; }
int netlink_shim_clone_newns(void) { return CLONE_NEWNS; }

int netlink_shim_tun_set_iff(int fd, const char *name, unsigned short flags, char *name_out) {
    struct ifreq request;
    memset(&request, 0, sizeof(request));
    if (strlen(name) >= IFNAMSIZ) {
        errno = EINVAL;
        return -1;
    }
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    request.ifr_flags = (short)flags;
    if (ioctl(fd, TUNSETIFF, &request) != 0) return -1;
    memcpy(name_out, request.ifr_name, IFNAMSIZ);
    name_out[IFNAMSIZ - 1] = 0;
    return 0;
}
int netlink_shim_tun_set_persist(int fd, unsigned long value) { return ioctl(fd, TUNSETPERSIST, value); }
int netlink_shim_tun_set_owner(int fd, unsigned long uid) { return ioctl(fd, TUNSETOWNER, uid); }
int netlink_shim_tun_set_group(int fd, unsigned long gid) { return ioctl(fd, TUNSETGROUP, gid); }
unsigned long netlink_shim_tun_request(int which) {
    switch (which) {
    case 0: return TUNSETIFF;
    case 1: return TUNSETPERSIST;
    case 2: return TUNSETOWNER;
    case 3: return TUNSETGROUP;
    default: return 0;
    }
}
unsigned int netlink_shim_tun_flag(int which) {
    static const unsigned int flags[] = {
        IFF_TUN, IFF_TAP, IFF_NAPI, IFF_NAPI_FRAGS, IFF_MULTI_QUEUE, IFF_PERSIST,
        IFF_NO_PI, IFF_ONE_QUEUE, IFF_VNET_HDR, IFF_TUN_EXCL, IFF_NOFILTER,
    };
    return which >= 0 && which < (int)(sizeof(flags) / sizeof(flags[0])) ? flags[which] : 0;
}
int netlink_shim_private_sysfs(void) {
    if (unshare(CLONE_NEWNS) != 0) return -1;
    if (mount("", "/", "none", MS_SLAVE | MS_REC, NULL) != 0) return -1;
    (void)umount2("/sys", MNT_DETACH);  /* the slave copy of the caller's sysfs: may be absent */
    return mount("sysfs", "/sys", "sysfs", 0, NULL);
}
