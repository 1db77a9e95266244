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
        let podNetwork = request.vm.networks?.contains { $0.sources.contains { $0.backend == "pod" } } ?? false
        if let (index, _) = defaults.first, podNetwork {
            diagnostics.append(
                .error(
                    "multus-default-with-pod", at: request.optionPath(index, "default"),
                    "Pod network cannot be defined when Multus default network is defined"))
        }
        return diagnostics
    }

    /// The default network is `eth0`; secondary ones are `net1`, `net2`, … (ordinal) or `pod<hash>` (hashed).
    public func plan(_ request: BackendPlanRequest) throws(PlanError) -> BackendPlan {
        var ordinal = 0
        return BackendPlan(assignments: request.networkIndexes.map { index in
            let network = request.vm.networks![index]
            if network.source?.options["default"]?.boolValue == true {
                return .init(network: network.name, podInterface: LinkNames.primaryPodInterface, isPrimary: true)
            }
            ordinal += 1
            let name = request.naming == .hashed ? LinkNames.hashed(network.name) : LinkNames.ordinal(ordinal)
            return .init(network: network.name, podInterface: name, isPrimary: false)
        })
    }
}
