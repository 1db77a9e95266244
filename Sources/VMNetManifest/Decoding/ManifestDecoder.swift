import FoundationEssentials
import VMNetCore
import VMNetEngine

/// Turns manifest text into a `ManifestSet`: picks each document's kind, decodes the networking fields with their
/// positions, and reports unknown fields, wrong types and ignored documents.
public struct ManifestDecoder: Sendable {
    /// The drivers whose names and options the manifests may use.
    public var drivers: DriverSet

    /// Creates a decoder that knows `drivers`.
    public init(drivers: DriverSet) {
        self.drivers = drivers
    }

    /// Decodes every document of `text`; `file` names it in diagnostics and gives unnamed VMs their name.
    /// - Throws: `ManifestError.syntax` when the text is not well-formed YAML or JSON.
    public func decode(_ text: String, file: String) throws(ManifestError) -> ManifestSet {
        let documents = try YAMLReader.documents(in: text, file: file)
        var set = ManifestSet()
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var unnamed = 0
        for document in documents.filter({ !$0.isNull }) {
            decode(document, file: file, set: &set) {
                unnamed += 1
                return unnamed == 1 ? stem : "\(stem)-\(unnamed)"
            }
        }
        if documents.allSatisfy(\.isNull) {
            set.diagnostics.append(
                CoreRule.emptyManifest.warning(at: FieldPath(), "the file holds no document")
                    .located(in: SourceMap(file: file)))
        }
        return set
    }

    /// Reads and decodes the file at `path`.
    public func decode(contentsOf path: String) throws(ManifestError) -> ManifestSet {
        try decode(TextFile.read(path), file: path)
    }

    /// Decodes `document`, a node of a larger text (a VM carried inside a CNI request's `args`), as one manifest;
    /// field paths start at the node, locations are those of `file`. A VM without a name is called `unnamed`.
    public func decode(document: Node, file: String) -> ManifestSet {
        var set = ManifestSet()
        decode(document, file: file, set: &set) { "unnamed" }
        return set
    }

    private func decode(_ document: Node, file: String, set: inout ManifestSet, nextName: () -> String) {
        var context = DecodingContext(file: file)
        context.record(FieldPath(), document)
        guard document.entries != nil else {
            context.report(CoreRule.documentIgnored.warning(at: FieldPath(), "a document must be a mapping with a kind; this one is \(document.kindDescription)"))
            set.diagnostics += context.diagnostics
            return
        }
        let kind = document["kind"]?.scalarText ?? ""
        if let node = document["kind"] { context.record("kind", node) }
        if let vmKind = VirtualMachine.Kind(rawValue: kind) {
            let fallbackName = document["metadata"]?["name"] == nil ? nextName() : ""
            let vm = VirtualMachineDecoder(drivers: drivers).decode(document, kind: vmKind, fallbackName: fallbackName, &context)
            set.machines.append(.init(vm: vm, sourceMap: context.sourceMap))
        } else if kind == "NetworkAttachmentDefinition" {
            if let attachment = AttachmentDecoder().decode(document, &context) { set.attachments.append(attachment) }
        } else if kind == "ConfigMap" {
            if document["metadata"]?["name"]?.scalarText == ConfigMapDecoder.name {
                let config = ConfigMapDecoder().decode(document, &context)
                set.configs.append(.init(config: config, sourceMap: context.sourceMap))
            } else {
                context.report(CoreRule.documentIgnored.warning(at: "metadata.name", "only the ConfigMap named \(ConfigMapDecoder.name) is read; this one is ignored"))
            }
        } else if kind == "List", let items = document["items"]?.content, case .sequence(let nodes) = items {
            for node in nodes { decode(node, file: file, set: &set, nextName: nextName) }
        } else {
            let known = VirtualMachine.Kind.allCases.map(\.rawValue) + ["NetworkAttachmentDefinition", "ConfigMap", "List"]
            let hint = NearestMatch.find(kind, in: known).map { " (did you mean '\($0)'?)" } ?? ""
            let what = kind.isEmpty ? "a document without a kind" : "a document of kind \(kind)"
            context.report(CoreRule.documentIgnored.warning(at: "kind", "\(what) has no networking to read; it is ignored\(hint)"))
        }
        set.diagnostics += context.diagnostics
    }
}
