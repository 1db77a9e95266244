/// The journal's record of one host step of the plan.
public struct JournalEntry: Codable, Sendable, Equatable {
    /// Where a step stands.
    public enum State: String, Codable, Sendable {
        /// Not reached yet.
        case pending
        /// About to be made, or made but not yet confirmed: undo treats it as made, and every undo tolerates
        /// finding it not made.
        case intended
        /// Made.
        case done
        /// Refused by the kernel or the plugin: nothing to undo.
        case failed
        /// Made and undone.
        case undone
    }

    /// The VM interface the step belongs to.
    public var interface: String
    /// The step in words, for people reading the file (the step itself is in the plan).
    public var summary: String
    /// Where it stands.
    public var state: State
    /// What it changes, as it was; recorded before the step is made.
    public var prior: PriorState?

    /// Creates a pending entry.
    public init(interface: String, summary: String) {
        self.interface = interface
        self.summary = summary
        state = .pending
    }

    /// Whether undo must consider the step made.
    public var needsUndo: Bool { state == .intended || state == .done }
}
