import FoundationEssentials
import VMNetCore
import VMNetEngine

/// The SHA-256 of everything a VM's plan depends on besides the pod's facts: the VM after defaults, the cluster
/// config, the NetworkAttachmentDefinitions and the planner's options, the pod's annotations and the pod interfaces
/// named by the caller included.
/// Reformatting a manifest does not change it.
public enum ManifestDigest {
    private struct Input: Encodable {
        var vm: VirtualMachine
        var config: ClusterConfig
        var attachments: [NetworkAttachmentDefinition]
        var naming: InterfaceNaming
        var tapOwner: UInt32
        var tapGroup: UInt32
        var cniConfigDirectory: String?
        /// Left out of the JSON when nil, so digests without pod annotations are those of before they were added.
        var podAnnotations: [String: String]?
        /// Left out when empty, likewise.
        var podInterfaces: [String: String]?
    }

    /// The lower-case hex digest.
    public static func of(
        _ vm: VirtualMachine, config: ClusterConfig, attachments: [NetworkAttachmentDefinition],
        options: Planner.Options
    ) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let input = Input(
            vm: vm, config: config, attachments: attachments, naming: options.naming, tapOwner: options.tapOwner,
            tapGroup: options.tapGroup, cniConfigDirectory: options.cniConfigDirectory,
            podAnnotations: options.podAnnotations,
            podInterfaces: options.podInterfaces.isEmpty ? nil : options.podInterfaces)
        // The model is plain data; encoding it cannot fail.
        let data = try! encoder.encode(input)
        return SHA256.hexDigest(String(decoding: data, as: UTF8.self))
    }
}
