#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include "vmnet_sys.h"

int vmnet_setns_net(int fd) {
    return setns(fd, CLONE_NEWNET) == 0 ? 0 : -errno;
}
