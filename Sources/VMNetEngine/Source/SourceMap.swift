import VMNetCore
/// Where each field of a decoded document stood in its file, so diagnostics found on the model can point at text.
public struct SourceMap: Sendable, Equatable {
    /// The file the document came from.
    public var file: String
    private var locations: [FieldPath: SourceLocation] = [:]

    /// Creates an empty map for `file`.
    public init(file: String) {
        self.file = file
    }

    /// Records where the node at `path` starts.
    public mutating func record(_ path: FieldPath, at location: SourceLocation) {
        locations[path] = location
    }

    /// The location of `path`, or of its nearest recorded ancestor (a missing field points at its parent).
    public func location(of path: FieldPath) -> SourceLocation {
        var current: FieldPath? = path
        while let candidate = current {
            if let location = locations[candidate] { return location }
            current = candidate.parent
        }
        return SourceLocation(file: file, line: 1, column: 1)
    }

    /// Whether the file spelled out the node at `path` itself.
    public func contains(_ path: FieldPath) -> Bool {
        locations[path] != nil
    }
}
