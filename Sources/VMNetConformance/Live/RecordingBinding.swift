import Synchronization
import VMNetCore

/// The binding under test as the executor sees it during the live checks: every call goes to the plugin, and
/// the custom steps it is asked to apply and revert are remembered, so the suite can tell that each one applied
/// was reverted.
final class RecordingBinding: Binding {
    /// A custom step handed to the plugin.
    enum Call: Equatable {
        case apply(CustomStep)
        case revert(CustomStep)
    }

    private let binding: any Binding
    private let calls = Mutex<[Call]>([])

    init(_ binding: any Binding) {
        self.binding = binding
    }

    var manifest: BindingManifest { binding.manifest }

    /// The calls since the last `reset`.
    var recorded: [Call] { calls.withLock { $0 } }

    /// Forgets the calls so far.
    func reset() {
        calls.withLock { $0.removeAll() }
    }

    func validate(_ request: BindingValidationRequest) -> [Diagnostic] { binding.validate(request) }

    func plan(_ request: BindingPlanRequest) throws(PlanError) -> BindingPlan { try binding.plan(request) }

    func apply(_ step: CustomStep) throws(PlanError) {
        calls.withLock { $0.append(.apply(step)) }
        try binding.apply(step)
    }

    func revert(_ step: CustomStep) throws(PlanError) {
        calls.withLock { $0.append(.revert(step)) }
        try binding.revert(step)
    }
}
