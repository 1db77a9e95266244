import VMNetCore

/// What `Executor.up` is asked to wire: a VM, the digest of its manifests, and how to plan it from facts.
public struct ApplyRequest: Sendable {
    /// The VM.
    public var vm: VMReference
    /// The digest of what the plan depends on besides the facts (`ManifestDigest`).
    public var manifestDigest: String
    /// Plans the VM from a namespace's facts (usually `Planner.plan`). It is called with the live facts for a
    /// new VM, and with the journaled facts to compare a wired VM's plan with a new one.
    public var planner: @Sendable (PodFacts) throws(PlanError) -> VMPlan

    /// Creates a request.
    public init(
        vm: VMReference, manifestDigest: String, planner: @escaping @Sendable (PodFacts) throws(PlanError) -> VMPlan
    ) {
        self.vm = vm
        self.manifestDigest = manifestDigest
        self.planner = planner
    }
}
