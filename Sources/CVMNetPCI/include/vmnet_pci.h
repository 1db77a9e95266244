#ifndef VMNET_PCI_H
#define VMNET_PCI_H
#include <stddef.h>
#include <pci/pci.h>

/// Allocates a libpci access (pci_alloc) for the Linux sysfs method, with handlers that never end the process:
/// an error returns to the vmnet_pci_* call that raised it (longjmp) instead of libpci's default exit(1), a warning
/// is recorded by that call, and debug messages are dropped. Returns NULL when out of memory.
struct pci_access *vmnet_pci_alloc(void);

/// Sets libpci's `sysfs.path` parameter (the `bus/pci` folder of a sysfs tree) and runs pci_init and pci_scan_bus.
/// Returns 0, or -1 with libpci's error (or its first warning) in `message`.
int vmnet_pci_scan(struct pci_access *access, const char *sysfs_path, char *message, size_t size);

/// Runs pci_fill_info(device, flags). Returns 0, or -1 with libpci's error (or its first warning) in `message`.
int vmnet_pci_fill(struct pci_dev *device, int flags, char *message, size_t size);

/// Runs pci_lookup_name, which Swift cannot call because it is variadic, with PCI_LOOKUP_NO_NUMBERS and `what`
/// (PCI_LOOKUP_VENDOR with the vendor id, PCI_LOOKUP_DEVICE with the vendor and device ids, or PCI_LOOKUP_CLASS with
/// the class). Returns the name, in `buffer`, or NULL when the ID database has none or the lookup failed: a name is
/// never essential, so its warnings are not reported.
const char *vmnet_pci_lookup_name(
    struct pci_access *access, char *buffer, int size, int what, unsigned int first, unsigned int second);

/// Runs pci_cleanup(access), ignoring any error, since it is called from a deinitializer that cannot report one.
void vmnet_pci_cleanup(struct pci_access *access);

#endif
