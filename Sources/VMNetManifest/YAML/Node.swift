import VMNetCore

/// A node of a YAML or JSON document with the position where it starts.
public struct Node: Sendable {
    /// A scalar as written, with whether it was quoted (quoted scalars are always strings).
    public struct Scalar: Sendable, Equatable {
        /// The text after unescaping.
        public var text: String
        /// Whether the scalar was plain (unquoted, not a block literal) and untagged, so it may be a number,
        /// boolean or null.
        public var isPlain: Bool

        /// Creates a scalar.
        public init(text: String, isPlain: Bool) {
            self.text = text
            self.isPlain = isPlain
        }
    }

    /// A key and its value in a mapping.
    public struct Entry: Sendable {
        /// The key node (a scalar in every manifest vmnet reads).
        public var key: Node
        /// The value node.
        public var value: Node

        /// Creates an entry.
        public init(key: Node, value: Node) {
            self.key = key
            self.value = value
        }
    }

    /// The node's content.
    public enum Content: Sendable {
        case scalar(Scalar)
        case mapping([Entry])
        case sequence([Node])
    }

    /// The content.
    public var content: Content
    /// Where the node starts.
    public var location: SourceLocation

    /// Creates a node.
    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }

    /// Whether this is `null`, `~` or an empty plain scalar.
    public var isNull: Bool {
        guard case .scalar(let scalar) = content, scalar.isPlain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.text)
    }

    /// Whether this is a plain scalar that YAML resolves to an integer or a boolean.
    public var isNumberOrBoolean: Bool {
        guard case .scalar(let scalar) = content, scalar.isPlain else { return false }
        return Int(scalar.text) != nil || Self.booleans.contains(scalar.text)
    }

    static let booleans: Set = ["true", "false", "True", "False", "TRUE", "FALSE"]

    /// The entries, when this is a mapping.
    public var entries: [Entry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The entry at `key` in a mapping, with the key's own location.
    public func entry(_ key: String) -> Entry? {
        entries?.first { $0.key.scalarText == key }
    }

    /// The value at `key` in a mapping.
    public subscript(key: String) -> Node? {
        entries?.first { $0.key.scalarText == key }?.value
    }

    /// The scalar's text, when this is a scalar.
    public var scalarText: String? {
        if case .scalar(let scalar) = content { return scalar.text }
        return nil
    }

    /// What the node is, for type errors: `a mapping`, `a list`, `the string "x"`, `the number 8`.
    public var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            if isNull { return "null" }
            if scalar.isPlain, Int(scalar.text) != nil { return "the number \(scalar.text)" }
            if scalar.isPlain, Self.booleans.contains(scalar.text) { return "the boolean \(scalar.text)" }
            return "the string \"\(scalar.text)\""
        }
    }
}
