/// Why the embedded host could not do what a test asked.
public enum EmbeddedHostError: Error, Sendable, CustomStringConvertible {
    /// A file of the folder a kill kept could not be put back.
    case cannotRestore(path: String, reason: String)

    /// What failed.
    public var description: String {
        switch self {
        case .cannotRestore(let path, let reason): "cannot put back \(path) as the kill left it: \(reason)"
        }
    }
}
