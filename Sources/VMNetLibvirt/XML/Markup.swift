/// An XML element about to be written: the one shape every rendering in this module builds.
///
/// Writing is deterministic: attributes in the order given, single-quoted as libvirt writes them, children indented by
/// two spaces, every line ending in a newline.
struct Markup: Sendable, Equatable {
    /// The element's (possibly prefixed) name.
    var name: String
    /// The attributes, in the order they are written.
    var attributes: [Attribute]
    /// The element's text; an element has text or children, never both.
    var text: String?
    /// The child elements, in order.
    var children: [Markup]

    /// An attribute, kept in an array so its position is part of the output.
    struct Attribute: Sendable, Equatable {
        var name: String
        var value: String

        init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// An element with `attributes` and, optionally, text.
    init(_ name: String, _ attributes: [Attribute] = [], text: String? = nil) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.children = []
    }

    /// An element with `attributes` and the children that are not `nil`.
    init(_ name: String, _ attributes: [Attribute] = [], children: [Markup?]) {
        self.name = name
        self.attributes = attributes
        self.text = nil
        self.children = children.compactMap { $0 }
    }

    /// The element and its descendants, starting at `depth` levels of indentation.
    func rendered(depth: Int = 0) -> String {
        let indent = String(repeating: "  ", count: depth)
        let head = ([name] + attributes.map { "\($0.name)='\(Self.escaped(attribute: $0.value))'" })
            .joined(separator: " ")
        if let text {
            return "\(indent)<\(head)>\(Self.escaped(text: text))</\(name)>\n"
        }
        if children.isEmpty {
            return "\(indent)<\(head)/>\n"
        }
        return "\(indent)<\(head)>\n" + children.map { $0.rendered(depth: depth + 1) }.joined()
            + "\(indent)</\(name)>\n"
    }

    /// `value` escaped for a single-quoted attribute; line breaks and tabs become character references so an XML
    /// parser's attribute normalization does not turn them into spaces.
    static func escaped(attribute value: String) -> String {
        escaped(value, keepingWhitespace: false)
    }

    /// `value` escaped for element text, quotes included, as libvirt writes it.
    static func escaped(text value: String) -> String {
        escaped(value, keepingWhitespace: true)
    }

    private static func escaped(_ value: String, keepingWhitespace: Bool) -> String {
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "'": escaped += "&apos;"
            case "\"": escaped += "&quot;"
            case "\n" where !keepingWhitespace: escaped += "&#10;"
            case "\r" where !keepingWhitespace: escaped += "&#13;"
            case "\t" where !keepingWhitespace: escaped += "&#9;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
