import VMNetRuntime

/// The lines `vmnet up` and `vmnet down` print for each VM.
enum OutcomeText {
    /// What `up` did for one VM.
    static func up(_ outcome: ApplyOutcome, in namespace: NetworkNamespace) -> String {
        let steps = "\(outcome.stepsMade) step\(outcome.stepsMade == 1 ? "" : "s") made"
        let undone = "\(outcome.stepsUndone) step\(outcome.stepsUndone == 1 ? "" : "s")"
        let what = switch outcome.action {
        case .applied: "wired into the \(namespace): \(steps)"
        case .unchanged: "already wired into the \(namespace) from the same manifests: nothing to do"
        case .replaced: "was wired from other manifests: undid their \(undone), then \(steps)"
        case .resumed: "an earlier `vmnet up` had stopped halfway: undid its \(undone), then \(steps)"
        }
        return "VM \(outcome.vm): \(what) (journal \(outcome.stateFile))"
    }

    /// What `down` did for one VM.
    static func down(_ outcome: TeardownOutcome, in namespace: NetworkNamespace) -> String {
        switch outcome.action {
        case .undone:
            "VM \(outcome.vm): unwired from the \(namespace): \(outcome.stepsUndone) step\(outcome.stepsUndone == 1 ? "" : "s") undone"
        case .nothingToUndo:
            "VM \(outcome.vm): not wired into the \(namespace): nothing to undo"
        case .namespaceGone:
            "VM \(outcome.vm): the \(namespace) is gone, and what vmnet made in it went with it: removed \(outcome.stateFile)"
        }
    }
}
