/// The names of the links vmnet makes in the pod, derived from the pod interface as KubeVirt derives them.
public enum LinkNames {
    /// KubeVirt's primary pod interface.
    public static let primaryPodInterface = "eth0"

    /// The bridge: `k6t-` + the pod interface name with a leading `pod` trimmed (`k6t-eth0`, `k6t-net1`).
    public static func bridge(for podInterface: String) -> String {
        "k6t-" + trimmingHashPrefix(podInterface)
    }

    /// The tap: `tap0` for the primary interface, else `tap` + the pod interface name minus its first three
    /// characters (`net1` → `tap1`, `podb1f51a511f1` → `tapb1f51a511f1`).
    public static func tap(for podInterface: String, isPrimary: Bool) -> String {
        isPrimary ? "tap0" : "tap" + podInterface.dropFirst(3)
    }

    /// A secondary interface's name in the ordinal scheme: `net1`, `net2`, …
    public static func ordinal(_ position: Int) -> String {
        "net\(position)"
    }

    /// A secondary interface's name in the hashed scheme: `pod` + the first 11 hex characters of SHA-256 of the
    /// network name (`red` → `podb1f51a511f1`).
    public static func hashed(_ networkName: String) -> String {
        "pod" + SHA256.hexDigest(networkName).prefix(11)
    }

    private static func trimmingHashPrefix(_ name: String) -> String {
        name.hasPrefix("pod") ? String(name.dropFirst(3)) : name
    }
}
