/// The CNI specification versions vmnet-cni speaks, and the check of a request's.
public enum CNIVersion {
    /// The versions, oldest first: what VERSION answers.
    public static let supported = ["0.4.0", "1.0.0", "1.1.0"]
    /// The newest.
    public static let newest = "1.1.0"

    /// Refuses a configuration whose `cniVersion` vmnet does not speak, naming both lists (code 1).
    public static func check(_ version: String, listed: [String]?) throws(CNIError) {
        guard !supported.contains(version) else { return }
        let given = ([version] + (listed ?? []).filter { $0 != version }).map { "\"\($0)\"" }.joined(separator: ", ")
        throw CNIError(
            .incompatibleVersion,
            "incompatible CNI versions: the config has [\(given)], vmnet-cni supports [\(supported.map { "\"\($0)\"" }.joined(separator: ", "))]",
            cniVersion: newest)
    }
}
