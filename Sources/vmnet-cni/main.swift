import FoundationEssentials
import Glibc
import VMNetCNI
import VMNetSystem

// vmnet-cni: a CNI plugin. The runtime gives the operation in CNI_* variables and the network configuration on
// standard input; the answer (a result or an error) goes to standard output, logs to standard error.
let input = (try? readAll(descriptor: STDIN_FILENO, path: "standard input")) ?? []
let plugin = CNIPlugin(environment: ProcessInfo.processInfo.environment) { line in
    _ = Array((line + "\n").utf8).withUnsafeBytes { writeAll(STDERR_FILENO, $0) }
}
let (output, status) = plugin.run(input: input)
if !output.isEmpty { _ = Array((output + "\n").utf8).withUnsafeBytes { writeAll(STDOUT_FILENO, $0) } }
exit(status)
