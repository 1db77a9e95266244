#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "vmnet_sys.h"

int vmnet_setns_net(int fd) {
    return setns(fd, CLONE_NEWNET) == 0 ? 0 : -errno;
}

int vmnet_thread_name(const char *name) {
    return pthread_setname_np(pthread_self(), name);
}

int vmnet_memfd(const char *name) {
    int fd = memfd_create(name, 0);
    return fd >= 0 ? fd : -errno;
}

int vmnet_temporary_file(char *template) {
    int fd = mkostemp(template, O_CLOEXEC);
    return fd >= 0 ? fd : -errno;
}
