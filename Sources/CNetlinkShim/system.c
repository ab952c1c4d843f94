#define _GNU_SOURCE
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "netlink_system.h"

int netlink_shim_unshare(int flags) { return unshare(flags); }
int netlink_shim_setns(int fd, int nstype) { return setns(fd, nstype); }
int netlink_shim_eventfd(void) { return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }
int netlink_shim_gettid(void) { return (int)syscall(SYS_gettid); }
int netlink_shim_clone_newnet(void) { return CLONE_NEWNET; }
int netlink_shim_clone_newuser(void) { return CLONE_NEWUSER; }
