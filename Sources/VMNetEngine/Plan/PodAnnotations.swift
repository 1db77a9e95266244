import VMNetCore
/// What the controller puts on a VM's launcher pod so the CNI meta-plugin attaches its networks.
public struct PodAnnotations: Codable, Sendable, Equatable {
    /// The pod annotations, e.g. `k8s.v1.cni.cncf.io/networks`, `v1.multus-cni.io/default-network`, `cni`.
    public var annotations: [String: String] = [:]
    /// The device-plugin resources to request (one per network whose attachment names a `resourceName`).
    public var resources: [String: Int] = [:]

    /// Creates empty annotations.
    public init() {}
}

extension PodAnnotations {
    /// Multus's networks annotation.
    public static let networksKey = "k8s.v1.cni.cncf.io/networks"

    /// KubeVirt's extra Multus element for each interface whose registered binding plugin names a
    /// `networkAttachmentDefinition`: `{"name": …, "namespace": …, "cni-args": {"logicNetworkName": <network>}}`,
    /// so the plugin's binding CNI runs after the network's own. vmnet appends them after the backends' elements,
    /// in interface order (KubeVirt puts each right after its network's element; Multus runs them in list order).
    mutating func addBindingAttachments(for vm: VirtualMachine, registry: [String: BindingPluginRegistration]) {
        var elements: [String] = []
        for interface in vm.interfaces ?? [] {
            guard let method = interface.binding, method.spelling == .plugin,
                let attachment = registry[method.name]?.networkAttachmentDefinition, !attachment.isEmpty
            else { continue }
            let parts = attachment.split(separator: "/", maxSplits: 1).map(String.init)
            let (namespace, name) = parts.count == 2 ? (parts[0], parts[1]) : (vm.namespace, attachment)
            elements.append(
                "{\"name\":\(JSONString.quoted(name)),\"namespace\":\(JSONString.quoted(namespace)),"
                    + "\"cni-args\":{\"logicNetworkName\":\(JSONString.quoted(interface.name))}}")
        }
        guard !elements.isEmpty else { return }
        let existing = annotations[Self.networksKey].map { $0.dropFirst().dropLast() } ?? ""
        annotations[Self.networksKey] = "[" + ([String(existing)].filter { !$0.isEmpty } + elements).joined(separator: ",") + "]"
    }
}
