import VMNetCore
import VMNetEngine

/// Why manifest input could not be read at all (as opposed to read and found invalid).
public enum ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// The text is not well-formed YAML or JSON.
    case syntax(SourceLocation, message: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): error: cannot read the file: \(reason)"
        case .syntax(let location, let message):
            "\(location): error: malformed YAML: \(message)"
        }
    }
}

extension ManifestError {
    /// The error as a diagnostic, so it prints and serializes like the others.
    public var diagnostic: Diagnostic {
        switch self {
        case .unreadable(let file, let reason):
            Diagnostic(.error, rule: CoreRule.fileUnreadable.rawValue, path: FieldPath(),
                       message: "cannot read the file: \(reason)", location: SourceLocation(file: file, line: 1, column: 1))
        case .syntax(let location, let message):
            Diagnostic(.error, rule: CoreRule.syntaxError.rawValue, path: FieldPath(),
                       message: "malformed YAML: \(message)", location: location)
        }
    }
}
