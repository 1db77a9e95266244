/// The path of a field inside a manifest, printed the way Kubernetes prints it: `spec.networks[1].multus.networkName`.
public struct FieldPath: Codable, Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// One step of a path: a mapping key or a sequence index.
    package enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The steps from the document root.
    package var components: [Component]

    /// The document root.
    public init() {
        self.components = []
    }

    /// Creates a path from its steps.
    package init(_ components: [Component]) {
        self.components = components
    }

    /// Parses the printed form, e.g. `spec.template.spec`.
    public init(stringLiteral value: String) {
        self.init(parsing: value)
    }

    /// Parses the printed form: keys separated by dots, indexes in brackets.
    public init(parsing text: String) {
        var components: [Component] = []
        for part in text.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                let key = rest[..<bracket]
                if !key.isEmpty { components.append(.key(String(key))) }
                rest = rest[bracket...]
                while rest.first == "[", let close = rest.firstIndex(of: "]") {
                    if let index = Int(rest[rest.index(after: rest.startIndex)..<close]) {
                        components.append(.index(index))
                    }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                components.append(.key(String(rest)))
            }
        }
        self.components = components
    }

    /// The path one key deeper.
    public func appending(_ key: String) -> FieldPath {
        FieldPath(components + [.key(key)])
    }

    /// The path one index deeper.
    public func appending(_ index: Int) -> FieldPath {
        FieldPath(components + [.index(index)])
    }

    /// The path of the enclosing node, or `nil` at the root.
    public var parent: FieldPath? {
        components.isEmpty ? nil : FieldPath(Array(components.dropLast()))
    }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    public init(from decoder: any Decoder) throws {
        self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
