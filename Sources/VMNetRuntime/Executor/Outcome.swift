/// What `Executor.up` did for one VM.
public struct ApplyOutcome: Codable, Sendable, Equatable {
    /// What happened.
    public enum Action: String, Codable, Sendable {
        /// The steps were made.
        case applied
        /// The VM was already wired from the same manifests (or from manifests with the same plan): nothing changed.
        case unchanged
        /// The VM was wired from other manifests: that plan was undone and this one made (`--replace`).
        case replaced
        /// An earlier `up` of the same manifests had stopped halfway: what it made was undone and the plan made.
        case resumed
    }

    /// The VM.
    public var vm: VMReference
    /// What happened.
    public var action: Action
    /// The number of steps made.
    public var stepsMade: Int
    /// The number of steps of an earlier apply undone first.
    public var stepsUndone: Int
    /// The journal.
    public var stateFile: String
}

/// What `Executor.down` did for one VM.
public struct TeardownOutcome: Codable, Sendable, Equatable {
    /// What happened.
    public enum Action: String, Codable, Sendable {
        /// The journal's steps were undone and the journal deleted.
        case undone
        /// There was no journal: nothing to undo.
        case nothingToUndo
        /// The namespace the journal describes no longer exists (or a new one took its path), and everything
        /// vmnet made went with it: the journal was deleted.
        case namespaceGone
    }

    /// The VM.
    public var vm: VMReference
    /// What happened.
    public var action: Action
    /// The number of steps undone.
    public var stepsUndone: Int
    /// The journal.
    public var stateFile: String
}
