import Glibc
import VMNetSystem

// Signals first, before any thread starts, so only `sigwait` takes them.
TerminationSignals.block()
let arguments = DaemonArguments.parse(CommandLine.arguments.dropFirst())
exit(ServingSession.run(planFile: arguments.planFile))
