import VMNetCore
import VMNetEngine

/// What `Executor.up` is asked to wire: a VM, the digest of its manifests, and its plan with the facts it was made
/// from. The plan is made before the executor takes the namespace (`PodFactsReader.facts(of:in:)` gives the facts:
/// the journaled ones for a VM already wired, so the plan compares with the applied one).
public struct ApplyRequest: Sendable {
    /// The VM.
    public var vm: VMReference
    /// The digest of what the plan depends on besides the facts (`ManifestDigest`).
    public var manifestDigest: String
    /// The pod's facts the plan was made from.
    public var facts: PodFacts
    /// The plan.
    public var plan: VMPlan

    /// Creates a request.
    public init(vm: VMReference, manifestDigest: String, facts: PodFacts, plan: VMPlan) {
        self.vm = vm
        self.manifestDigest = manifestDigest
        self.facts = facts
        self.plan = plan
    }
}
