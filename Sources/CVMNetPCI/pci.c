#include "vmnet_pci.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/// The libpci call in progress on this thread: where an error jumps back to, and where messages go.
struct guard {
    jmp_buf jump;
    char *message;
    size_t size;
    int warned;
};

static _Thread_local struct guard *active_guard;

/// libpci's error handler must not return. Every libpci call goes through a guard below, so an error without one
/// is a bug in this file: abort loudly rather than exit(1) quietly as libpci would.
static void on_error(char *format, ...) PCI_PRINTF(1, 2) PCI_NONRET;
static void on_warning(char *format, ...) PCI_PRINTF(1, 2);
static void on_debug(char *format, ...) PCI_PRINTF(1, 2);

static void on_error(char *format, ...) {
    struct guard *guard = active_guard;
    if (guard == NULL) abort();
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(guard->message, guard->size, format, arguments);
    va_end(arguments);
    longjmp(guard->jump, 1);
}

static void on_warning(char *format, ...) {
    struct guard *guard = active_guard;
    if (guard == NULL || guard->warned || guard->size == 0) return;
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(guard->message, guard->size, format, arguments);
    va_end(arguments);
    guard->warned = 1;
}

static void on_debug(char *format, ...) {
    (void)format;
}

struct pci_access *vmnet_pci_alloc(void) {
    struct pci_access *access = pci_alloc();
    if (access == NULL) return NULL;
    access->error = on_error;
    access->warning = on_warning;
    access->debug = on_debug;
    access->method = PCI_ACCESS_SYS_BUS_PCI;
    return access;
}

// The guarded functions below keep every libpci call between setjmp and the end of the function, in C: a longjmp
// must never cross a Swift frame. What libpci allocated before an error (a directory handle, a half-made device)
// is leaked, which is the price of not exiting.

int vmnet_pci_scan(struct pci_access *access, const char *sysfs_path, char *message, size_t size) {
    struct guard guard = {.message = message, .size = size, .warned = 0};
    struct guard *volatile outer = active_guard;
    active_guard = &guard;
    if (setjmp(guard.jump) != 0) {
        active_guard = outer;
        return -1;
    }
    if (pci_set_param(access, "sysfs.path", (char *)sysfs_path) != 0) {
        snprintf(message, size, "this libpci has no sysfs.path parameter");
        active_guard = outer;
        return -1;
    }
    pci_init(access);
    pci_scan_bus(access);
    active_guard = outer;
    return guard.warned ? -1 : 0;
}

int vmnet_pci_fill(struct pci_dev *device, int flags, char *message, size_t size) {
    struct guard guard = {.message = message, .size = size, .warned = 0};
    struct guard *volatile outer = active_guard;
    active_guard = &guard;
    if (setjmp(guard.jump) != 0) {
        active_guard = outer;
        return -1;
    }
    pci_fill_info(device, flags);
    active_guard = outer;
    return guard.warned ? -1 : 0;
}

const char *vmnet_pci_lookup_name(
    struct pci_access *access, char *buffer, int size, int what, unsigned int first, unsigned int second) {
    char ignored[1];
    struct guard guard = {.message = ignored, .size = 0, .warned = 0};
    struct guard *volatile outer = active_guard;
    active_guard = &guard;
    if (setjmp(guard.jump) != 0) {
        active_guard = outer;
        return NULL;
    }
    const char *name = pci_lookup_name(access, buffer, size, what | PCI_LOOKUP_NO_NUMBERS, first, second);
    active_guard = outer;
    return name;
}

void vmnet_pci_cleanup(struct pci_access *access) {
    char ignored[1];
    struct guard guard = {.message = ignored, .size = 0, .warned = 0};
    struct guard *volatile outer = active_guard;
    active_guard = &guard;
    if (setjmp(guard.jump) == 0) pci_cleanup(access);
    active_guard = outer;
}
