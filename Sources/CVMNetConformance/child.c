#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmnet_conformance.h"

/* Runs the job file `job` and returns the exit status; defined in Swift by VMNetConformance (ChildMain.swift). */
extern int32_t vmnet_conformance_child_main(const char *job);

/*
 * Before `main`: a process started by the suite runs its job and exits, whatever program it is. The variable is
 * removed first so that processes the plugin starts are not children of the suite too.
 */
__attribute__((constructor)) static void vmnet_conformance_child(void) {
    const char *variable = getenv(VMNET_CONFORMANCE_CHILD_VARIABLE);
    if (variable == NULL || variable[0] == '\0') return;
    char *job = strdup(variable);
    unsetenv(VMNET_CONFORMANCE_CHILD_VARIABLE);
    if (job == NULL) _exit(70);
    _exit(vmnet_conformance_child_main(job));
}
