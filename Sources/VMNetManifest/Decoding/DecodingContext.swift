import VMNetCore
import VMNetEngine

/// The state of decoding one document: where each field stood, and what was wrong with its shape.
struct DecodingContext {
    var sourceMap: SourceMap
    var diagnostics: [Diagnostic] = []

    init(file: String) {
        sourceMap = SourceMap(file: file)
    }

    /// Records where `node` stands; a collection is placed at its key (`keyLocation`) when it has one.
    mutating func record(_ path: FieldPath, _ node: Node, keyLocation: SourceLocation? = nil) {
        switch node.content {
        case .scalar: sourceMap.record(path, at: node.location)
        case .mapping, .sequence: sourceMap.record(path, at: keyLocation ?? node.location)
        }
    }

    mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic.located(in: sourceMap))
    }

    mutating func typeError(_ node: Node, at path: FieldPath, expected: String) {
        report(CoreRule.invalidType.error(at: path, "expected \(expected), got \(node.kindDescription)"))
    }

    /// The scalar's text. As in Kubernetes, a plain number or boolean is not a string: quote it.
    mutating func string(_ node: Node, at path: FieldPath) -> String? {
        guard case .scalar(let scalar) = node.content, !node.isNull, !node.isNumberOrBoolean else {
            typeError(node, at: path, expected: "a string")
            return nil
        }
        return scalar.text
    }

    mutating func integer(_ node: Node, at path: FieldPath) -> Int? {
        guard case .scalar(let scalar) = node.content, scalar.isPlain, let value = Int(scalar.text) else {
            typeError(node, at: path, expected: "an integer")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, at path: FieldPath) -> Bool? {
        guard case .scalar(let scalar) = node.content, scalar.isPlain else {
            typeError(node, at: path, expected: "true or false")
            return nil
        }
        switch scalar.text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            typeError(node, at: path, expected: "true or false")
            return nil
        }
    }

    /// The entries of a mapping (null reads as an empty one), with duplicate keys reported.
    mutating func mapping(_ node: Node, at path: FieldPath) -> [Node.Entry]? {
        if node.isNull { return [] }
        guard let entries = node.entries else {
            typeError(node, at: path, expected: "a mapping")
            return nil
        }
        var seen: Set<String> = []
        var unique: [Node.Entry] = []
        for entry in entries {
            let key = entry.key.scalarText ?? ""
            if seen.insert(key).inserted {
                unique.append(entry)
            } else {
                record(path.appending(key), entry.key)
                report(CoreRule.duplicateKey.error(at: path.appending(key), "the key '\(key)' appears twice; the first one is used"))
            }
        }
        return unique
    }

    /// The items of a sequence (null reads as an empty one).
    mutating func sequence(_ node: Node, at path: FieldPath) -> [Node]? {
        if node.isNull { return [] }
        guard case .sequence(let items) = node.content else {
            typeError(node, at: path, expected: "a list")
            return nil
        }
        return items
    }

    /// The items of a list of mappings, each decoded from `start` key by key: `field` sets a known key's value,
    /// an unknown key is reported. Positions are recorded for every item and key.
    mutating func objects<Item>(
        _ node: Node, at path: FieldPath, known: [String], from start: Item,
        _ field: (inout Item, String, Node, FieldPath, inout DecodingContext) -> Void
    ) -> [Item]? {
        guard let items = sequence(node, at: path) else { return nil }
        return items.enumerated().compactMap { index, item in
            let itemPath = path.appending(index)
            record(itemPath, item)
            guard let entries = mapping(item, at: itemPath) else { return nil }
            var decoded = start
            for entry in entries {
                let key = entry.key.scalarText ?? ""
                let keyPath = itemPath.appending(key)
                record(keyPath, entry.value, keyLocation: entry.key.location)
                if known.contains(key) { field(&decoded, key, entry.value, keyPath, &self) } else {
                    unknownField(key, at: keyPath, known: known)
                }
            }
            return decoded
        }
    }

    /// Reports a key that is not one of `known`, suggesting the nearest.
    mutating func unknownField(_ key: String, at path: FieldPath, known: [String], note: String = "") {
        let hint = NearestMatch.find(key, in: known).map { " (did you mean '\($0)'?)" } ?? ""
        let parent = path.parent.map { " in \($0)" } ?? ""
        report(CoreRule.unknownField.error(at: path, "unknown field '\(key)'\(parent)\(hint)\(note)"))
    }

    /// Decodes the options of a driver (`multus: {networkName: x}`) against its declared specs; `nil` specs mean
    /// the driver is not loaded, so scalar options are kept as written.
    mutating func options(_ node: Node, at path: FieldPath, specs: [OptionSpec]?) -> [String: OptionValue] {
        guard let entries = mapping(node, at: path) else { return [:] }
        var options: [String: OptionValue] = [:]
        for entry in entries {
            let key = entry.key.scalarText ?? ""
            let keyPath = path.appending(key)
            record(keyPath, entry.value, keyLocation: entry.key.location)
            guard let specs else {
                if let text = entry.value.scalarText { options[key] = .string(text) }
                continue
            }
            guard let spec = specs.first(where: { $0.name == key }) else {
                unknownField(key, at: keyPath, known: specs.map(\.name))
                continue
            }
            switch spec.type {
            case .string: if let value = string(entry.value, at: keyPath) { options[key] = .string(value) }
            case .bool: if let value = bool(entry.value, at: keyPath) { options[key] = .bool(value) }
            case .integer: if let value = integer(entry.value, at: keyPath) { options[key] = .integer(value) }
            }
        }
        return options
    }
}
