import FoundationEssentials

/// A JSON document as plain data: two answers compare by meaning (key order and spacing aside), a document can be
/// inspected before it is decoded into typed values, and a CNI plugin passes on what it does not understand
/// (`prevResult`), and a contract document carries JSON whose shape is a driver's business (the network-status
/// array of backend requests before contract 1.3). Whole numbers encode without a fraction. Package-wide, not
/// part of the plugin API.
package enum JSONValue: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses `bytes`; `nil` when they are not one JSON document.
    package init?(parsing bytes: [UInt8]) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else { return nil }
        self = value
    }

    /// Parses `text`; `nil` when it is not one JSON document.
    package init?(parsing text: String) {
        self.init(parsing: Array(text.utf8))
    }

    /// The document as compact JSON text, keys sorted.
    package var compactText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every case is plain data; encoding it cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The member `key` of an object.
    package subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The elements of an array.
    package var elements: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The text of a string.
    package var text: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The keys of an object, sorted.
    package var keys: [String] {
        if case .object(let members) = self { return members.keys.sorted() }
        return []
    }

    /// The same document with the member `key` of the top-level object replaced by `value`.
    package func replacing(_ key: String, with value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members[key] = value
        return .object(members)
    }

    /// Decodes the document as `type`.
    package func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try JSONDecoder().decode(type, from: JSONEncoder().encode(self))
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    package init(stringLiteral value: String) {
        self = .string(value)
    }
}
