import VMNetCore
import VMNetEngine
import VMNetEmbeddedHost
import VMNetRuntime

/// Plans written by hand for the executor, bypassing the planner: VM `default/NAME` with one interface `default`
/// whose steps are `steps`.
func handPlan(_ name: String, _ steps: [HostStep]) -> VMPlan {
    let plan = BindingPlan(
        interface: "default", podInterface: "eth0", steps: steps,
        device: .interface(DomainInterface(name: "default", targetDevice: "tap0")))
    return VMPlan(name: name, namespace: "default", interfaces: [
        VMPlan.InterfacePlan(network: "default", backend: "pod", binding: "test", isPrimary: true, plan: plan),
    ])
}

extension EmbeddedPod {
    /// An executor of the pod's namespace with its journals in `state`, custom steps going to `drivers`.
    func executor(_ state: StateFolder, drivers: DriverSet = DriverSet(bindings: [], backends: []), replace: Bool = false) -> Executor {
        Executor(
            namespace: namespace, drivers: drivers,
            options: Executor.Options(stateDirectory: state.directory, replace: replace, host: host))
    }

    /// `plan` as `up` is asked for it: with the facts it would be planned from.
    func request(_ plan: VMPlan, _ state: StateFolder, digest: String = "d1") throws -> ApplyRequest {
        let facts = try PodFactsReader(stateDirectory: state.directory, host: host).facts(of: VMReference(plan), in: namespace)
        return ApplyRequest(vm: VMReference(plan), manifestDigest: digest, facts: facts, plan: plan)
    }
}

/// `ADDRESS/LENGTH` from a literal the test knows to be valid.
func network(_ text: String) -> IPNetwork {
    try! IPNetwork(parsing: text)
}
