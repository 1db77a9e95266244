import Glibc
import VMNetSystem

/// Lines written at once, since the daemon runs for long and its output is often a pipe.
enum DaemonOutput {
    /// Writes `line` to standard output.
    static func say(_ line: String) {
        write(STDOUT_FILENO, line + "\n")
    }

    /// Writes `vmnet-dhcpd: error: message` to standard error.
    static func error(_ message: String) {
        write(STDERR_FILENO, "vmnet-dhcpd: error: \(message)\n")
    }

    private static func write(_ descriptor: Int32, _ text: String) {
        // Nothing to do when the output is gone: the server keeps serving.
        _ = Array(text.utf8).withUnsafeBytes { writeAll(descriptor, $0) }
    }
}
