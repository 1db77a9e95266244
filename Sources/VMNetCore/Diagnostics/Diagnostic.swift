/// One finding about a manifest: where, which rule, how bad, and what is wrong.
public struct Diagnostic: Codable, Sendable, Equatable {
    /// How a diagnostic affects the verdict.
    public enum Severity: String, Codable, Sendable, Comparable {
        /// The field is accepted but has no effect, or is risky; the manifest stays valid.
        case warning
        /// The manifest is invalid.
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    /// The severity.
    public var severity: Severity
    /// The stable rule id, explained in `docs/troubleshooting.md`.
    public var rule: String
    /// The offending field.
    public var path: FieldPath
    /// What is wrong, in KubeVirt's words where KubeVirt has them.
    public var message: String
    /// Where the offending node starts; filled in from the document's source map.
    public var location: SourceLocation?

    /// Creates a diagnostic.
    public init(_ severity: Severity, rule: String, path: FieldPath, message: String, location: SourceLocation? = nil) {
        self.severity = severity
        self.rule = rule
        self.path = path
        self.message = message
        self.location = location
    }

    /// An error diagnostic.
    public static func error(_ rule: String, at path: FieldPath, _ message: String) -> Diagnostic {
        Diagnostic(.error, rule: rule, path: path, message: message)
    }

    /// A warning diagnostic.
    public static func warning(_ rule: String, at path: FieldPath, _ message: String) -> Diagnostic {
        Diagnostic(.warning, rule: rule, path: path, message: message)
    }

    /// The compiler-style line: `file:line:column: error: path: message [rule]`.
    public var formatted: String {
        let place = location.map { "\($0): " } ?? ""
        let field = path.components.isEmpty ? "" : "\(path): "
        return "\(place)\(severity.rawValue): \(field)\(message) [\(rule)]"
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    package var containsErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by line and column within each file, files in the order they first appear.
    package var inSourceOrder: [Diagnostic] {
        var fileOrder: [String: Int] = [:]
        for diagnostic in self {
            if let file = diagnostic.location?.file, fileOrder[file] == nil { fileOrder[file] = fileOrder.count }
        }
        func key(_ diagnostic: Diagnostic) -> (Int, Int, Int) {
            guard let location = diagnostic.location else { return (Int.max, 0, 0) }
            return (fileOrder[location.file] ?? Int.max, location.line, location.column)
        }
        return enumerated().sorted { a, b in
            let (l, r) = (key(a.element), key(b.element))
            return l != r ? l < r : a.offset < b.offset
        }.map(\.element)
    }
}
