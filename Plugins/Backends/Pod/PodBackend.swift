import VMNetCore

/// The `pod` backend: the pod's own primary interface (`eth0`), configured by the cluster's network.
public struct PodBackend: Backend {
    /// Creates the backend.
    public init() {}

    public let manifest = BackendManifest(
        name: "pod",
        displayName: "Pod",
        version: "0.1.0",
        summary: "The pod's primary interface, eth0, as the cluster network configured it.",
        capabilities: BackendCapabilities(providesDefaultNetwork: true)
    )

    public func validate(_ request: BackendValidationRequest) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (index, _) in request.networks.dropFirst() {
            diagnostics.append(
                .error(
                    "pod-network-multiple", at: request.vm.networkPath(index).appending("pod"),
                    "more than one interface is connected to a pod network in spec.interfaces"))
        }
        return diagnostics
    }

    /// Every pod network is the pod's primary interface, `eth0`.
    public func plan(_ request: BackendPlanRequest) throws(PlanError) -> BackendPlan {
        BackendPlan(assignments: request.networkIndexes.map {
            .init(network: request.vm.networks![$0].name, podInterface: LinkNames.primaryPodInterface, isPrimary: true)
        })
    }
}
