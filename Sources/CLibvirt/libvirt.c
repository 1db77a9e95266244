#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include "vmnet_libvirt.h"

static struct {
    __typeof__(&virConnectOpen) connectOpen;
    __typeof__(&virConnectClose) connectClose;
    __typeof__(&virDomainDefineXMLFlags) domainDefineXMLFlags;
    __typeof__(&virDomainUndefineFlags) domainUndefineFlags;
    __typeof__(&virDomainFree) domainFree;
    __typeof__(&virDomainGetXMLDesc) domainGetXMLDesc;
    __typeof__(&virGetLastError) getLastError;
    __typeof__(&virSetErrorFunc) setErrorFunc;
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *failure;
static char message[512];

#define RESOLVE(field, symbol)                                                                     \
    if (!(api.field = (__typeof__(api.field))dlsym(library, #symbol))) {                           \
        snprintf(message, sizeof message, "libvirt.so.0 has no %s: %s", #symbol, dlerror());      \
        failure = message;                                                                         \
        return;                                                                                    \
    }

static void load(void) {
    void *library = dlopen("libvirt.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(message, sizeof message, "cannot load libvirt (install libvirt0): %s", dlerror());
        failure = message;
        return;
    }
    RESOLVE(connectOpen, virConnectOpen)
    RESOLVE(connectClose, virConnectClose)
    RESOLVE(domainDefineXMLFlags, virDomainDefineXMLFlags)
    RESOLVE(domainUndefineFlags, virDomainUndefineFlags)
    RESOLVE(domainFree, virDomainFree)
    RESOLVE(domainGetXMLDesc, virDomainGetXMLDesc)
    RESOLVE(getLastError, virGetLastError)
    RESOLVE(setErrorFunc, virSetErrorFunc)
}

const char *vmnet_libvirt_load(void) {
    pthread_once(&once, load);
    return failure;
}

virConnectPtr vmnet_virConnectOpen(const char *name) { return api.connectOpen(name); }
int vmnet_virConnectClose(virConnectPtr conn) { return api.connectClose(conn); }
virDomainPtr vmnet_virDomainDefineXMLFlags(virConnectPtr conn, const char *xml, unsigned int flags) {
    return api.domainDefineXMLFlags(conn, xml, flags);
}
int vmnet_virDomainUndefineFlags(virDomainPtr domain, unsigned int flags) { return api.domainUndefineFlags(domain, flags); }
int vmnet_virDomainFree(virDomainPtr domain) { return api.domainFree(domain); }
char *vmnet_virDomainGetXMLDesc(virDomainPtr domain, unsigned int flags) { return api.domainGetXMLDesc(domain, flags); }
virErrorPtr vmnet_virGetLastError(void) { return api.getLastError(); }
void vmnet_virSetErrorFunc(void *userData, virErrorFunc handler) { api.setErrorFunc(userData, handler); }
