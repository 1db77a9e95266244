#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <net/if.h>
#include <linux/if_tun.h>
#include "vmnet_sys.h"

/// Persistence, owner and group are device properties, so they are set once, through the first queue's fd;
/// the other queues are attached only to prove the kernel accepts them, then every fd is closed.
int vmnet_tap_create(const char *name, unsigned int queues, int64_t owner, int64_t group) {
    struct ifreq request;
    int fds[256];
    unsigned int count = queues == 0 ? 1 : queues;
    unsigned int opened = 0;
    int result = 0;

    if (strlen(name) >= IFNAMSIZ || count > 256) return -EINVAL;
    memset(&request, 0, sizeof(request));
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    request.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    if (count > 1) request.ifr_flags |= IFF_MULTI_QUEUE;

    for (; opened < count; opened++) {
        struct ifreq queue = request;
        int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
        if (fd < 0) { result = -errno; break; }
        fds[opened] = fd;
        if (ioctl(fd, TUNSETIFF, &queue) < 0) { result = -errno; close(fd); break; }
        if (opened == 0) {
            if (owner >= 0 && ioctl(fd, TUNSETOWNER, (unsigned long)owner) < 0) { result = -errno; opened++; break; }
            if (group >= 0 && ioctl(fd, TUNSETGROUP, (unsigned long)group) < 0) { result = -errno; opened++; break; }
            if (ioctl(fd, TUNSETPERSIST, 1) < 0) { result = -errno; opened++; break; }
        }
    }
    if (result != 0 && opened > 0) ioctl(fds[0], TUNSETPERSIST, 0);
    for (unsigned int i = 0; i < opened; i++) close(fds[i]);
    return result;
}
