import VMNetCore

/// The `sample` binding: the guest reaches the network through the sample user-mode daemon on the pod interface.
///
/// A test plugin: its plan is what a real sample plugin would ask for (a custom step that starts the daemon), but
/// applying that step only checks its arguments.
struct SampleBinding: Binding {
    let manifest = BindingManifest(
        name: "sample",
        displayName: "Sample",
        version: "0.3.0",
        summary: "Connects the guest through the sample daemon, which maps its traffic onto the pod's address.",
        capabilities: BindingCapabilities(backends: ["pod"], forwardsPorts: true)
    )

    func validate(_ request: BindingValidationRequest) -> [Diagnostic] {
        guard let model = request.interface.model, model != "virtio" else { return [] }
        return [.warning("sample-model", at: request.interfacePath.appending("model"), "sample is only tested with virtio, not \(model)")]
    }

    func plan(_ request: BindingPlanRequest) throws(PlanError) -> BindingPlan {
        let name = request.interface.name
        guard let pod = request.podInterface else {
            throw PlanError("sample needs the pod interface, and none was assigned to interface \(name)")
        }
        let start = CustomStep(plugin: manifest.name, name: "start-sample", arguments: ["interface": pod.name])
        return BindingPlan(
            interface: name, podInterface: pod.name, steps: [.custom(start)],
            device: .interface(DomainInterface(name: name, targetDevice: "sample-\(name)")))
    }

    func apply(_ step: CustomStep) throws(PlanError) {
        guard step.name == "start-sample", step.arguments["interface"] != nil else {
            throw PlanError("sample has no custom step '\(step.name)' with arguments \(step.arguments)")
        }
    }

    func revert(_ step: CustomStep) throws(PlanError) {
        try apply(step)
    }
}
