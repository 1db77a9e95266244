import CYAML
import VMNetCore

/// Reads YAML (and JSON, which libyaml parses as YAML flow style) into `Node` trees, one per document, keeping
/// every node's file:line:column.
public enum YAMLReader {
    /// Parses every document in `text`; `file` names the input in locations.
    public static func documents(in text: String, file: String) throws(ManifestError) -> [Node] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw .unreadable(file: file, reason: "libyaml could not allocate a parser")
        }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer throws(ManifestError) -> [Node] in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = TreeBuilder(file: file)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    throw syntaxError(parser, file: file)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                try builder.consume(event)
            }
            return builder.documents
        }
    }

    private static func syntaxError(_ parser: yaml_parser_t, file: String) -> ManifestError {
        let mark = parser.problem_mark
        var message = parser.problem.map { String(cString: $0) } ?? "unknown error"
        if let context = parser.context {
            let contextMark = parser.context_mark
            message += " (\(String(cString: context)) at line \(contextMark.line + 1), column \(contextMark.column + 1))"
        }
        return .syntax(SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1), message: message)
    }
}

/// Turns libyaml's event stream into nodes, resolving anchors and aliases.
private struct TreeBuilder {
    private enum Frame {
        case sequence([Node], SourceLocation, anchor: String?)
        case mapping([Node.Entry], pendingKey: Node?, SourceLocation, anchor: String?)
    }

    let file: String
    private(set) var documents: [Node] = []
    private var stack: [Frame] = []
    private var anchors: [String: Node] = [:]

    init(file: String) {
        self.file = file
    }

    mutating func consume(_ event: yaml_event_t) throws(ManifestError) {
        let location = SourceLocation(
            file: file, line: event.start_mark.line + 1, column: event.start_mark.column + 1)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let plain = data.style == YAML_PLAIN_SCALAR_STYLE && data.tag == nil
            try add(Node(.scalar(.init(text: text, isPlain: plain)), at: location), anchor: Self.string(data.anchor))
        case YAML_SEQUENCE_START_EVENT:
            stack.append(.sequence([], location, anchor: Self.string(event.data.sequence_start.anchor)))
        case YAML_MAPPING_START_EVENT:
            stack.append(.mapping([], pendingKey: nil, location, anchor: Self.string(event.data.mapping_start.anchor)))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            switch stack.removeLast() {
            case .sequence(let items, let start, let anchor):
                try add(Node(.sequence(items), at: start), anchor: anchor)
            case .mapping(let entries, _, let start, let anchor):
                try add(Node(.mapping(entries), at: start), anchor: anchor)
            }
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard var node = anchors[name] else {
                throw .syntax(location, message: "found undefined alias *\(name)")
            }
            node.location = location
            try add(node, anchor: nil)
        default:
            break
        }
    }

    private mutating func add(_ node: Node, anchor: String?) throws(ManifestError) {
        if let anchor { anchors[anchor] = node }
        guard let top = stack.popLast() else {
            documents.append(node)
            return
        }
        // Consumed, so the frame's array is referenced once and appending does not copy it (which made a
        // thousand-item sequence cost a million node copies).
        switch consume top {
        case .sequence(var items, let start, let anchor):
            items.append(node)
            stack.append(.sequence(items, start, anchor: anchor))
        case .mapping(var entries, let pendingKey, let start, let anchor):
            if let key = pendingKey {
                entries.append(Node.Entry(key: key, value: node))
                stack.append(.mapping(entries, pendingKey: nil, start, anchor: anchor))
            } else {
                stack.append(.mapping(entries, pendingKey: node, start, anchor: anchor))
            }
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
