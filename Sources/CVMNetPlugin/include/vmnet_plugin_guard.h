/*
 * vmnet_plugin_guard.h — the host's side of a plugin call, not part of the plugin ABI: a plugin that crashes
 * inside a call is named on stderr before the process dies of the signal.
 */
#ifndef VMNET_PLUGIN_GUARD_H
#define VMNET_PLUGIN_GUARD_H

#include <stddef.h>

/* Installs the fatal-signal handlers (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP) once per process; each
 * writes the calling thread's guard message, if any, then hands the signal to the handler it replaced. */
void vmnet_plugin_guard_install(void);

/* Until vmnet_plugin_guard_leave, a fatal signal on this thread writes `message` (kept by the caller), the signal's
 * number and a newline to stderr. Gives the thread an alternate signal stack, so a stack overflow is named too. */
void vmnet_plugin_guard_enter(const char *message, size_t length);

/* Ends the guard vmnet_plugin_guard_enter began on this thread. */
void vmnet_plugin_guard_leave(void);

#endif
