import Glibc

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
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            bytes = bytes.dropFirst(count)
        }
    }
}
