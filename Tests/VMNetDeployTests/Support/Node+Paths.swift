import VMNetManifest

extension Node {
    /// The node reached through `keys`, one mapping key per level (keys may hold dots: annotation names do).
    func at(_ keys: String...) -> Node? {
        var node: Node? = self
        for key in keys { node = node?[key] }
        return node
    }

    /// The items, when this is a sequence.
    var items: [Node]? {
        if case .sequence(let nodes) = content { return nodes }
        return nil
    }

    /// The text of a scalar that Kubernetes reads as a string: quoted, or plain and not a number, boolean or null.
    var string: String? {
        guard case .scalar(let scalar) = content, !isNull, !isNumberOrBoolean else { return nil }
        return scalar.text
    }

    /// Whether this is a plain `true`.
    var isTrue: Bool {
        if case .scalar(let scalar) = content { return scalar.isPlain && ["true", "True", "TRUE"].contains(scalar.text) }
        return false
    }
}
