// Most of what the shim offers is inline in include/shim.h. Only the layout of `struct ucred`
// lives here: glibc declares it under _GNU_SOURCE alone, so this file is compiled with it.
#define _GNU_SOURCE 1
#include <sys/socket.h>
#include "shim.h"

unsigned long shim_sizeof_ucred(void) { return sizeof(struct ucred); }
unsigned long shim_offsetof_ucred_pid(void) { return offsetof(struct ucred, pid); }
unsigned long shim_offsetof_ucred_uid(void) { return offsetof(struct ucred, uid); }
unsigned long shim_offsetof_ucred_gid(void) { return offsetof(struct ucred, gid); }
