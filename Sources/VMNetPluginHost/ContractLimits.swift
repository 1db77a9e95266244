import Glibc

/// The bounds vmnet holds every plugin's answers to, whatever the plugin: how long a document may be, and how
/// long a call may take.
public enum ContractLimits {
    /// The longest response document vmnet reads (4 MiB); the built-in plugins' longest is a few kilobytes.
    public static let maximumDocumentSize = 4 << 20
    /// A call's time limit when `VMNET_PLUGIN_TIMEOUT` (seconds) does not set one.
    public static let defaultCallTimeout = Duration.seconds(30)

    /// The time limit on one call: `environment` (`$VMNET_PLUGIN_TIMEOUT`, in seconds, e.g. `2.5`) when it is a
    /// positive number, else `defaultCallTimeout`.
    public static func callTimeout(environment: String? = getenv("VMNET_PLUGIN_TIMEOUT").map { String(cString: $0) }) -> Duration {
        guard let environment, let seconds = Double(environment), seconds > 0, seconds < 86_400 else { return defaultCallTimeout }
        return .milliseconds(Int(seconds * 1000))
    }
}
