#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "vmnet_sys.h"

/// The highest capability number this kernel knows (/proc/sys/kernel/cap_last_cap), CAP_LAST_CAP when unreadable.
static int last_capability(void) {
    int last = CAP_LAST_CAP;
    FILE *file = fopen("/proc/sys/kernel/cap_last_cap", "re");
    if (file) {
        if (fscanf(file, "%d", &last) != 1) last = CAP_LAST_CAP;
        fclose(file);
    }
    return last;
}

int vmnet_drop_capabilities(void) {
    // The bounding set first: dropping from it needs CAP_SETPCAP, which the capset below removes.
    for (int cap = 0; cap <= last_capability(); cap++) {
        int held = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
        if (held < 0) return -errno;
        if (held == 1 && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) return -errno;
    }
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) return -errno;
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {{0}};
    if (syscall(SYS_capset, &header, data) != 0) return -errno;
    // Nothing this thread runs can gain privileges again (a set-user-ID or file-capability program).
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -errno;
    return 0;
}
