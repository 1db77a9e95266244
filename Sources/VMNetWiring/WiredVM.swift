import VMNetCore
import VMNetEngine
import VMNetRuntime

/// One VM `Wiring.up` wired: what the executor did, and the plan that is in force.
public struct WiredVM: Sendable {
    /// What the executor did.
    public var outcome: ApplyOutcome
    /// The plan the namespace is wired with: DHCP servers, domain devices, steps.
    public var plan: VMPlan
}
