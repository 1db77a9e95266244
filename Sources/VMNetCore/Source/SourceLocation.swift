/// A position in a manifest file, 1-based, as editors and compilers print it.
public struct SourceLocation: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The file as it was named on the command line.
    public var file: String
    /// The line, starting at 1.
    public var line: Int
    /// The column, starting at 1.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}
