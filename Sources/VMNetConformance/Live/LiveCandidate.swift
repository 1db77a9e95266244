import VMNetCore
import VMNetEngine

/// A VM of the corpus that plans host steps in the scratch namespace, to be wired by the live checks.
struct LiveCandidate {
    /// Names the case in reports.
    var label: String
    /// The VM after defaults, renamed so each candidate has its own journal.
    var vm: VirtualMachine
    var config: ClusterConfig
    var attachments: [NetworkAttachmentDefinition]
    /// Its plan in the namespace as the parent made it.
    var plan: VMPlan
    /// The custom steps of the plugin under test, in plan order.
    var customSteps: [CustomStep]
}
