/*
 * vmnet_conformance.h — how VMNetConformance runs a plugin in a child process.
 *
 * The suite never runs a plugin's code in the process that asked for the check: a plugin that crashes, exits or
 * hangs must become a failed check, not a dead `vmnet` or test runner. So the suite starts its own executable
 * again (`/proc/self/exe`) with VMNET_CONFORMANCE_CHILD set to a job file, and a constructor in this target runs
 * the job before the program's `main` ever starts. This works in any executable that links VMNetConformance:
 * `vmnet`, a package's test binary, a plugin author's own tool.
 */
#ifndef VMNET_CONFORMANCE_H
#define VMNET_CONFORMANCE_H

/* The environment variable naming the job file of a conformance child process. */
#define VMNET_CONFORMANCE_CHILD_VARIABLE "VMNET_CONFORMANCE_CHILD"

#endif /* VMNET_CONFORMANCE_H */
