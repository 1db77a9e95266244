#ifndef VMNET_LIBVIRT_H
#define VMNET_LIBVIRT_H

/*
 * libvirt, loaded when first needed instead of linked.
 *
 * libvirt.so.0 pulls in about 55 more shared libraries; linked into vmnet, relocating them cost every command
 * ~15 ms and ~20 MiB of mappings, although only `vmnet domain` and the device checks use it. The types and
 * constants come from libvirt's own headers (libvirt-dev); the calls go through these wrappers, which resolve
 * the real functions with dlopen/dlsym on first use.
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

/// Loads libvirt.so.0 and resolves the functions below, once per process. Returns NULL on success, or a
/// message saying what could not be loaded (valid for the life of the process).
const char *vmnet_libvirt_load(void);

virConnectPtr vmnet_virConnectOpen(const char *name);
int vmnet_virConnectClose(virConnectPtr conn);
virDomainPtr vmnet_virDomainDefineXMLFlags(virConnectPtr conn, const char *xml, unsigned int flags);
int vmnet_virDomainUndefineFlags(virDomainPtr domain, unsigned int flags);
int vmnet_virDomainFree(virDomainPtr domain);
char *vmnet_virDomainGetXMLDesc(virDomainPtr domain, unsigned int flags);
virErrorPtr vmnet_virGetLastError(void);
void vmnet_virSetErrorFunc(void *userData, virErrorFunc handler);

#endif
