import VMNetCore

/// A host step that failed during `up`, and what became of the steps made before it.
public struct StepFailure: Sendable, CustomStringConvertible {
    /// The VM.
    public var vm: VMReference
    /// The step's number in the plan, from 1.
    public var number: Int
    /// The number of steps in the plan.
    public var count: Int
    /// The VM interface the step belongs to.
    public var interface: String
    /// The step.
    public var step: HostStep
    /// Why it failed.
    public var error: StepError
    /// The numbers of the steps undone, highest first.
    public var undone: [Int]
    /// The undo that failed during the rollback, if one did; the journal then keeps what is left.
    public var rollbackFailure: UndoFailure?

    /// Which step failed and why, then whether the namespace is back as it was.
    public var description: String {
        var text = "VM \(vm): step \(number) of \(count) (\(step), interface \(interface)) failed: \(error)"
        if error.isPermissionDenied {
            text += "; vmnet needs CAP_NET_ADMIN in the namespace: run it as root"
        }
        if let rollbackFailure {
            text += "\nthen the rollback failed: \(rollbackFailure)"
        } else if undone.isEmpty {
            text += "\nnothing had been changed before it; the namespace is as it was"
        } else {
            text += "\nundid steps \(undone.map(String.init).joined(separator: ", ")); the namespace is as it was"
        }
        return text
    }
}

/// A step whose undo failed; the journal keeps it and the steps before it, so `vmnet down` can try again.
public struct UndoFailure: Sendable, CustomStringConvertible {
    /// The VM.
    public var vm: VMReference
    /// The step's number in the plan, from 1.
    public var number: Int
    /// The step.
    public var step: HostStep
    /// Why its undo failed.
    public var error: StepError
    /// The journal that keeps what is left to undo.
    public var stateFile: String

    /// Which undo failed and why, and what to do.
    public var description: String {
        "VM \(vm): undoing step \(number) (\(step)) failed: \(error); \(stateFile) keeps what is left to undo: "
            + "fix the cause and run `vmnet down` again"
    }
}
