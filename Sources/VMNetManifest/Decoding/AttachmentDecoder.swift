import FoundationEssentials
import VMNetCore
import VMNetEngine

/// Decodes a `NetworkAttachmentDefinition`, keeping its CNI config JSON as written after checking its syntax.
struct AttachmentDecoder {
    static let resourceNameAnnotation = "k8s.v1.cni.cncf.io/resourceName"

    func decode(_ root: Node, _ context: inout DecodingContext) -> NetworkAttachmentDefinition? {
        guard let nameNode = root["metadata"]?["name"] else {
            context.report(CoreRule.nameRequired.error(at: "metadata.name", "a NetworkAttachmentDefinition needs metadata.name"))
            return nil
        }
        context.record("metadata.name", nameNode)
        guard let name = context.string(nameNode, at: "metadata.name") else { return nil }
        var attachment = NetworkAttachmentDefinition(name: name, config: "")
        if let namespace = root["metadata"]?["namespace"], let text = context.string(namespace, at: "metadata.namespace") {
            attachment.namespace = text
        }
        if let resource = root["metadata"]?["annotations"]?[Self.resourceNameAnnotation] {
            attachment.resourceName = context.string(resource, at: FieldPath([.key("metadata"), .key("annotations"), .key(Self.resourceNameAnnotation)]))
        }
        let configPath: FieldPath = "spec.config"
        guard let configNode = root["spec"]?["config"] else {
            context.report(CoreRule.attachmentConfigInvalid.error(at: configPath, "NetworkAttachmentDefinition '\(name)' has no spec.config"))
            return attachment
        }
        context.record(configPath, configNode)
        guard let config = context.string(configNode, at: configPath) else { return attachment }
        attachment.config = config
        do {
            if try JSONSyntax.check(config) != .object {
                context.report(CoreRule.attachmentConfigInvalid.error(at: configPath, "the CNI config of '\(name)' must be a JSON object"))
            }
        } catch {
            context.report(CoreRule.attachmentConfigInvalid.error(at: configPath, "the CNI config of '\(name)' is not valid JSON: \(error)"))
        }
        return attachment
    }
}
