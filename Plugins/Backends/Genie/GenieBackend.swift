import VMNetCore

/// The `genie` backend: a network chosen by CNI-Genie from the node's CNI configuration files by plugin type.
public struct GenieBackend: Backend {
    /// Creates the backend.
    public init() {}

    public let manifest = BackendManifest(
        name: "genie",
        displayName: "Genie",
        version: "0.1.0",
        summary: "A network from the CNI config file whose type equals networkName, attached by CNI-Genie.",
        options: [
            OptionSpec("networkName", .string, summary: "The CNI plugin type to look up in the CNI config folder.")
        ],
        capabilities: BackendCapabilities(conflictsWith: ["multus"])
    )

    public func validate(_ request: BackendValidationRequest) -> [Diagnostic] {
        request.requireOption(
            "networkName", rule: "network-name-required", message: "CNI delegating plugin must have a networkName")
    }

    /// Genie's interfaces are `eth0`, `eth1`, … in network order; the first is the primary one.
    public func plan(_ request: BackendPlanRequest) throws(PlanError) -> BackendPlan {
        BackendPlan(assignments: request.networkIndexes.enumerated().map { position, index in
            .init(network: request.vm.networks![index].name, podInterface: "eth\(position)", isPrimary: position == 0)
        })
    }
}
