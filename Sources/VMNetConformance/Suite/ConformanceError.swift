/// Why the suite could not check a plugin at all (as opposed to a check that failed), said so the user can act.
public enum ConformanceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The live checks need root: they make network namespaces and wire them.
    case liveNeedsRoot
    /// The scratch namespace could not be made.
    case scratchNamespace(String)
    /// The run's work folder could not be made.
    case workFolder(path: String, reason: String)
    /// The child process that runs the plugin could not be started.
    case cannotStartChild(String)

    public var description: String {
        switch self {
        case .liveNeedsRoot:
            "the live checks make and wire network namespaces: run as root, or leave out --netns-scratch"
        case .scratchNamespace(let reason):
            "cannot make the scratch network namespace: \(reason)"
        case .workFolder(let path, let reason):
            "cannot make the work folder \(path): \(reason) (check the temporary folder, $TMPDIR)"
        case .cannotStartChild(let reason):
            "cannot start the process that runs the plugin: \(reason)"
        }
    }
}
