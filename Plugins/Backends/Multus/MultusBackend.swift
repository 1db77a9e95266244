import FoundationEssentials
import VMNetCore

/// The `multus` backend: a secondary (or, with `default: true`, the primary) network from a
/// NetworkAttachmentDefinition, attached by the Multus CNI meta-plugin.
public struct MultusBackend: Backend {
    /// Creates the backend.
    public init() {}

    public let manifest = BackendManifest(
        name: "multus",
        displayName: "Multus",
        version: "0.1.0",
        summary: "A network from a NetworkAttachmentDefinition, attached by Multus; secondary unless default: true.",
        options: [
            OptionSpec("networkName", .string, summary: "The NetworkAttachmentDefinition: name or namespace/name."),
            OptionSpec("default", .bool, summary: "Make this the pod's primary network instead of the pod network."),
        ],
        capabilities: BackendCapabilities(conflictsWith: ["genie"])
    )

    public func validate(_ request: BackendValidationRequest) -> [Diagnostic] {
        var diagnostics = request.requireOption(
            "networkName", rule: "network-name-required", message: "CNI delegating plugin must have a networkName")
        for (index, network) in request.networks {
            guard let name = network.source?.options["networkName"]?.stringValue, !name.isEmpty else { continue }
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count > 2 || parts.contains(where: \.isEmpty) {
                diagnostics.append(
                    .error(
                        "network-name-malformed", at: request.optionPath(index, "networkName"),
                        "networkName '\(name)' must be <name> or <namespace>/<name>"))
            }
        }
        let defaults = request.networks.filter { $0.network.source?.options["default"]?.boolValue == true }
        for (index, _) in defaults.dropFirst() {
            diagnostics.append(
                .error(
                    "multus-default-multiple", at: request.optionPath(index, "default"),
                    "Multus CNI should only have one default network"))
        }
        let podNetwork = request.vm.networks?.contains { network in
            network.sources.contains { request.defaultNetworkBackends.contains($0.backend) }
        } ?? false
        if let (index, _) = defaults.first, podNetwork {
            diagnostics.append(
                .error(
                    "multus-default-with-pod", at: request.optionPath(index, "default"),
                    "Pod network cannot be defined when Multus default network is defined"))
        }
        return diagnostics
    }

    /// The annotation listing the secondary networks for Multus, and the one naming the default network.
    static let networksAnnotation = "k8s.v1.cni.cncf.io/networks"
    static let defaultNetworkAnnotation = "v1.multus-cni.io/default-network"

    /// The default network is `eth0`; secondary ones are `net1`, `net2`, … (ordinal) or `pod<hash>` (hashed).
    /// When the pod's network-status annotation is known, its entries name the interfaces instead: the one marked
    /// `default: true` the primary, the one of a network's attachment a secondary. The default network's delegate
    /// must give its interface an IP address. The annotations follow KubeVirt: one selection element per
    /// secondary network in interface order, and the first default network's `networkName` verbatim.
    public func plan(_ request: BackendPlanRequest) throws(PlanError) -> BackendPlan {
        var ordinal = 0
        var defaultNetwork: String?
        var status = try NetworkStatusNames(request.podAnnotations)
        let assignments = request.networkIndexes.map { index -> BackendPlan.Assignment in
            let network = request.vm.networks![index]
            let networkName = network.source?.options["networkName"]?.stringValue ?? ""
            let attachment = Self.qualified(networkName, namespace: request.vm.namespace)
            if network.source?.options["default"]?.boolValue == true {
                defaultNetwork = defaultNetwork ?? networkName
                return .init(
                    network: network.name, podInterface: status.primary ?? LinkNames.primaryPodInterface, isPrimary: true,
                    attachment: attachment, requiresAddress: true)
            }
            ordinal += 1
            let scheme = request.naming == .hashed ? LinkNames.hashed(network.name) : LinkNames.ordinal(ordinal)
            return .init(
                network: network.name, podInterface: status.take(attachment) ?? scheme, isPrimary: false,
                attachment: attachment)
        }
        var annotations: [String: String] = [:]
        if let defaultNetwork { annotations[Self.defaultNetworkAnnotation] = defaultNetwork }
        let elements = (request.vm.interfaces ?? []).compactMap { interface -> String? in
            guard let assignment = assignments.first(where: { $0.network == interface.name && !$0.isPrimary }),
                let attachment = assignment.attachment
            else { return nil }
            let parts = attachment.split(separator: "/", maxSplits: 1).map(String.init)
            var fields = [("name", parts[1]), ("namespace", parts[0])]
            if let mac = interface.macAddress { fields.append(("mac", mac)) }
            fields.append(("interface", assignment.podInterface))
            return "{" + fields.map { "\(JSONString.quoted($0.0)):\(JSONString.quoted($0.1))" }.joined(separator: ",") + "}"
        }
        if !elements.isEmpty { annotations[Self.networksAnnotation] = "[" + elements.joined(separator: ",") + "]" }
        return BackendPlan(assignments: assignments, annotations: annotations)
    }

    /// `namespace/name` of a `networkName`, which names its namespace or lives in the VM's.
    static func qualified(_ networkName: String, namespace: String) -> String {
        networkName.contains("/") ? networkName : "\(namespace)/\(networkName)"
    }
}
