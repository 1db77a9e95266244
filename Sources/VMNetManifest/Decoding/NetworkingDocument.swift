import VMNetCore

/// A VM manifest's networking as a VirtualMachineInstance document in JSON: the fields vmnet reads (`hostname`,
/// `subdomain`, `domain.cpu`, `domain.devices.interfaces`, `autoattachPodInterface`, `networkInterfaceMultiqueue`,
/// `networks`) copied as written, whatever the manifest's shape. This is what a launcher pod's network selection
/// element carries to vmnet-cni in `cni-args.vmnet`.
public struct NetworkingDocument: Sendable {
    private let document: Node

    /// The networking document of every VM of `text` (List items included), in document order: the order
    /// `ManifestDecoder` gives the machines in.
    public static func documents(in text: String, file: String) throws(ManifestError) -> [NetworkingDocument] {
        try YAMLReader.documents(in: text, file: file).flatMap(machines).map(NetworkingDocument.init(document:))
    }

    /// The networking documents of the file at `path`.
    public static func documents(contentsOf path: String) throws(ManifestError) -> [NetworkingDocument] {
        try documents(in: TextFile.read(path), file: path)
    }

    /// The document as JSON, with the VM's name and namespace as vmnet read them (a manifest may leave them out).
    public func json(name: String, namespace: String) -> String {
        Self.json(document, metadata: [("name", JSONString.quoted(name)), ("namespace", JSONString.quoted(namespace))])
    }

    private static func machines(_ document: Node) -> [Node] {
        let kind = document["kind"]?.scalarText ?? ""
        if kind == "List", let items = document["items"], case .sequence(let nodes) = items.content {
            return nodes.flatMap(machines)
        }
        return VirtualMachine.Kind(rawValue: kind) == nil ? [] : [document]
    }

    private static func json(_ document: Node, metadata: [(String, String)]) -> String {
        let kind = VirtualMachine.Kind(rawValue: document["kind"]?.scalarText ?? "") ?? .vm
        let spec = kind == .virtualMachine ? document["spec"]?["template"]?["spec"] : document["spec"]
        var devices: [(String, String)] = []
        for key in ["interfaces", "autoattachPodInterface", "networkInterfaceMultiqueue"] {
            if let node = spec?["domain"]?["devices"]?[key] { devices.append((key, value(node))) }
        }
        var domain: [(String, String)] = [("devices", object(devices))]
        if let cpu = spec?["domain"]?["cpu"] { domain.insert(("cpu", value(cpu)), at: 0) }
        var members: [(String, String)] = [("domain", object(domain))]
        for key in ["hostname", "subdomain", "networks"] {
            if let node = spec?[key] { members.append((key, value(node))) }
        }
        return object([
            ("apiVersion", JSONString.quoted("kubevirt.io/v1")), ("kind", JSONString.quoted("VirtualMachineInstance")),
            ("metadata", object(metadata)), ("spec", object(members)),
        ])
    }

    private static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { "\(JSONString.quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A node as JSON: plain scalars that are JSON numbers, booleans or null (by the strict check NAD configs get) as
    /// they are, every other scalar a string.
    private static func value(_ node: Node) -> String {
        switch node.content {
        case .mapping(let entries):
            return object(entries.map { ($0.key.scalarText ?? "", value($0.value)) })
        case .sequence(let nodes):
            return "[" + nodes.map(value).joined(separator: ",") + "]"
        case .scalar(let scalar):
            guard scalar.isPlain else { return JSONString.quoted(scalar.text) }
            if ["~", ""].contains(scalar.text) { return "null" }
            switch try? JSONSyntax.check(scalar.text) {
            case .number, .literal: return scalar.text
            default: return JSONString.quoted(scalar.text)
            }
        }
    }
}
