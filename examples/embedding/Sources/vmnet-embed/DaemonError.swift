/// Why the daemon refused a command line or a manifest file.
enum DaemonError: Error, CustomStringConvertible {
    /// The command line is wrong; the message says how.
    case usage(String)
    /// A manifest file cannot be wired; the message says why and what to change.
    case manifest(file: String, String)

    var description: String {
        switch self {
        case .usage(let message): message.isEmpty ? DaemonOptions.usage : "\(message)\n\(DaemonOptions.usage)"
        case .manifest(let file, let message): "\(file): \(message)"
        }
    }
}
