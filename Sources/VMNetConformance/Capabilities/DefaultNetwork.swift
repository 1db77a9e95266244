import VMNetCore
import VMNetEngine

/// `capabilities.default-network`: a backend that declares `providesDefaultNetwork` gets the network the core
/// adds to a VM that lists none, and makes it the pod's primary interface.
struct DefaultNetwork {
    /// The plan request for the default network, and its answers; `nil` when the check cannot run.
    private(set) var exchange: Exchange?
    private var verdict: CheckResult?

    /// Asks the backend `manifest` describes to plan the multiqueue example's default network, with no other
    /// backend that provides the default network loaded. `companions` are the other drivers.
    init(
        manifest: BackendManifest, backend: any Backend, companions: DriverSet, probe: PluginProbe,
        cniConfigDirectory: String, log: EventLog, crashed: [String: String]
    ) {
        guard manifest.capabilities.providesDefaultNetwork else {
            verdict = .passed(.capabilitiesDefaultNetwork, "it does not declare providesDefaultNetwork")
            return
        }
        guard let binding = companions.bindingNames.first(where: { $0 == ClusterConfig.defaultBindingName }) ?? companions.bindingNames.first
        else {
            verdict = .skipped(
                .capabilitiesDefaultNetwork,
                "no companion binding is loaded for the default interface (install vmnet's built-in plugins, or name their folder with --plugin-path)")
            return
        }
        let drivers = DriverSet(
            bindings: Array(companions.bindings.values),
            backends: [backend] + companions.backends.values.filter { !$0.manifest.capabilities.providesDefaultNetwork })
        let config = ClusterConfig([ClusterConfig.defaultNetworkInterfaceKey: binding])
        let label = "plan of multiqueue, the default network from \(manifest.name)"
        guard crashed["\(label) (through the core)"] == nil else { return }
        log.append(.calling(label: "\(label) (through the core)"))
        let vm = Validator(drivers: drivers).validate(SpecExample.all.first { $0.name == "multiqueue" }!.vm, config: config).vm
        guard vm.networks?.first?.source?.backend == manifest.name else {
            verdict = .failed(
                .capabilitiesDefaultNetwork,
                "it declares providesDefaultNetwork, but the core did not give it the default network of a VM that lists none")
            return
        }
        let request = BackendPlanRequest(
            vm: vm, networkIndexes: [0], config: config, cniConfigDirectory: cniConfigDirectory)
        exchange = probe.exchange(.plan, request, label: label)
    }

    /// The verdict.
    var result: CheckResult {
        if let verdict { return verdict }
        guard let exchange else {
            return .failed(.capabilitiesDefaultNetwork, "the plugin crashed while the core validated the default network")
        }
        guard let plan = try? exchange.result?.decode(BackendPlan.self) else {
            return .failed(
                .capabilitiesDefaultNetwork,
                exchange.errorDocumentProblem.map { "it declares providesDefaultNetwork, but \($0)" }
                    ?? "\(exchange.label) did not answer a BackendPlan")
        }
        guard let assignment = plan.assignments.first, assignment.isPrimary else {
            return .failed(
                .capabilitiesDefaultNetwork,
                "it declares providesDefaultNetwork, but \(exchange.label) did not make it the pod's primary interface")
        }
        return .passed(.capabilitiesDefaultNetwork, "it plans the default network on the primary pod interface \(assignment.podInterface)")
    }
}
