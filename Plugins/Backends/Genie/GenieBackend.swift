import FoundationEssentials
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
        // As KubeVirt's admitter had it: genie provides every network of a VM, the primary one included.
        capabilities: BackendCapabilities(conflictsWith: ["multus", "pod"])
    )

    public func validate(_ request: BackendValidationRequest) -> [Diagnostic] {
        request.requireOption(
            "networkName", rule: "network-name-required", message: "CNI delegating plugin must have a networkName")
    }

    /// The pod annotation naming the networks for CNI-Genie.
    static let annotation = "cni"

    /// Genie's interfaces are `eth0`, `eth1`, … in network order; the first is the primary one. On a node, each
    /// network's `networkName` must be the `type` of a CNI config file in the CNI config folder. The `cni`
    /// annotation lists the networks' `networkName`s, comma-joined.
    public func plan(_ request: BackendPlanRequest) throws(PlanError) -> BackendPlan {
        let networks = request.networkIndexes.map { request.vm.networks![$0] }
        let folder = try request.cniConfigDirectory.map { directory throws(PlanError) in try CNIConfigFolder(directory) }
        var assignments: [BackendPlan.Assignment] = []
        for (position, network) in networks.enumerated() {
            let type = network.source?.options["networkName"]?.stringValue ?? ""
            let file = try folder.map { folder throws(PlanError) in try folder.file(ofType: type, for: network.name) }
            let details = file.map { ["CNI config": String($0.split(separator: "/").last ?? "")] } ?? [:]
            assignments.append(.init(network: network.name, podInterface: "eth\(position)", isPrimary: position == 0, details: details))
        }
        return BackendPlan(
            assignments: assignments,
            annotations: [Self.annotation: networks.map { $0.source?.options["networkName"]?.stringValue ?? "" }.joined(separator: ",")])
    }
}
