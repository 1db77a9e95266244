import VMNetCore
import VMNetEngine

/// Decodes the `network.binding` value of the `kubevirt-config` ConfigMap: KubeVirt's `network.binding` section,
/// a mapping from plugin name to its registration, written as YAML or JSON text (ConfigMap values are strings).
///
/// Every diagnostic inside the text points at the value's own position in the ConfigMap.
struct BindingRegistryDecoder {
    static let fields = ["sidecarImage", "networkAttachmentDefinition", "domainAttachmentType", "migration", "downwardAPI",
                         "computeResourceOverhead"]

    func decode(_ text: String, from value: Node, at path: FieldPath, _ context: inout DecodingContext)
        -> [String: BindingPluginRegistration]?
    {
        let root: Node
        do {
            let documents = try YAMLReader.documents(in: text, file: value.location.file)
            root = (documents.first ?? Node(.scalar(.init(text: "", isPlain: true)), at: value.location))
                .relocated(to: value.location)
        } catch {
            let message = if case .syntax(_, let detail) = error { detail } else { error.description }
            context.report(CoreRule.configValueInvalid.error(at: path, "\(ClusterConfig.bindingPluginsKey) is not YAML: \(message)"))
            return nil
        }
        var registry: [String: BindingPluginRegistration] = [:]
        for entry in context.mapping(root, at: path) ?? [] {
            let name = entry.key.scalarText ?? ""
            let pluginPath = path.appending(name)
            context.record(pluginPath, entry.value)
            registry[name] = decodeRegistration(entry.value, at: pluginPath, &context)
        }
        return registry
    }

    private func decodeRegistration(_ node: Node, at path: FieldPath, _ context: inout DecodingContext) -> BindingPluginRegistration {
        var registration = BindingPluginRegistration()
        for entry in context.mapping(node, at: path) ?? [] {
            let key = entry.key.scalarText ?? ""
            let keyPath = path.appending(key)
            context.record(keyPath, entry.value)
            switch key {
            case "sidecarImage": registration.sidecarImage = context.string(entry.value, at: keyPath)
            case "networkAttachmentDefinition":
                registration.networkAttachmentDefinition = context.string(entry.value, at: keyPath)
            case "domainAttachmentType": registration.domainAttachmentType = context.string(entry.value, at: keyPath)
            case "downwardAPI": registration.downwardAPI = context.string(entry.value, at: keyPath)
            case "migration":
                var migration = BindingPluginRegistration.Migration()
                for field in context.mapping(entry.value, at: keyPath) ?? [] {
                    let fieldPath = keyPath.appending(field.key.scalarText ?? "")
                    context.record(fieldPath, field.value)
                    if field.key.scalarText == "method" {
                        migration.method = context.string(field.value, at: fieldPath)
                    } else {
                        context.unknownField(field.key.scalarText ?? "", at: fieldPath, known: ["method"])
                    }
                }
                registration.migration = migration
            case "computeResourceOverhead": break  // resources of the launcher pod: not vmnet's to give
            default: context.unknownField(key, at: keyPath, known: Self.fields)
            }
        }
        return registration
    }
}

extension Node {
    /// The same tree with every node placed at `location`.
    func relocated(to location: SourceLocation) -> Node {
        switch content {
        case .scalar: return Node(content, at: location)
        case .sequence(let items): return Node(.sequence(items.map { $0.relocated(to: location) }), at: location)
        case .mapping(let entries):
            return Node(
                .mapping(entries.map { Entry(key: $0.key.relocated(to: location), value: $0.value.relocated(to: location)) }),
                at: location)
        }
    }
}
