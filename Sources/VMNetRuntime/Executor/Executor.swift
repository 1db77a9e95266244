import VMNetCore
import VMNetEngine

/// Wires VMs into a network namespace and unwires them: performs a plan's host steps on a dedicated thread
/// inside the namespace, journaling each step before making it, rolls back on failure, and undoes exactly the
/// journal on `down`.
public struct Executor: Sendable {
    /// Choices of the caller.
    public struct Options: Sendable {
        /// Where the journals are.
        public var stateDirectory: StateDirectory
        /// Whether `up` may undo a VM wired from different manifests and wire it anew.
        public var replace: Bool
        /// Which backend `up` makes NAT rules with; `down` uses the one its journal names.
        public var natBackend: NATBackendChoice
        /// Test hooks.
        public var faults: FaultInjection
        /// The host whose namespaces are wired: the kernel's, unless a test gives an in-memory one.
        public var host: any NetworkHost

        /// Creates options.
        public init(
            stateDirectory: StateDirectory = StateDirectory(), replace: Bool = false, natBackend: NATBackendChoice = .auto,
            faults: FaultInjection = .none, host: any NetworkHost = KernelHost()
        ) {
            self.stateDirectory = stateDirectory
            self.replace = replace
            self.natBackend = natBackend
            self.faults = faults
            self.host = host
        }
    }

    /// The namespace to wire.
    public let namespace: NetworkNamespace
    /// The options.
    public let options: Options
    private let drivers: LazyDriverSet

    /// An executor for `namespace`; `drivers` (for `custom` steps) is evaluated only if a step needs it.
    public init(
        namespace: NetworkNamespace, drivers: @autoclosure @escaping @Sendable () -> DriverSet, options: Options = Options()
    ) {
        self.init(namespace: namespace, drivers: LazyDriverSet(drivers), options: options)
    }

    /// An executor for `namespace` whose `custom` steps use `drivers`.
    public init(namespace: NetworkNamespace, drivers: LazyDriverSet, options: Options = Options()) {
        self.namespace = namespace
        self.drivers = drivers
        self.options = options
    }

    /// Wires the VM: journals the request's facts and plan, and makes the steps.
    ///
    /// A VM already wired from the same manifests is left alone. One wired from different manifests is refused
    /// with the difference, unless `replace` is set. One whose earlier `up` stopped halfway is undone and wired
    /// again. The namespace's interfaces must still be those the plan was made from (after undoing an earlier
    /// apply, the journaled ones); otherwise nothing is made and the error is `factsChanged`: plan again.
    public func up(_ request: ApplyRequest) throws(ExecutorError) -> ApplyOutcome {
        let host = options.host
        try host.requireWiringCapabilities(for: "vmnet up")
        try namespace.requireValid()
        guard host.exists(namespace) else { throw .namespaceMissing(namespace) }
        let state = options.stateDirectory
        let lock = try state.lock(namespace)
        defer {
            state.removeFolderIfEmpty(of: namespace, holding: lock)
            lock.release()
        }
        try state.prepareFolder(of: namespace)
        let path = state.journalPath(of: request.vm, in: namespace)
        let existing = try JournalFile.load(path: path)
        let (namespace, drivers, options) = (self.namespace, self.drivers, self.options)
        return try host.run(in: namespace) { (operations) throws(ExecutorError) -> ApplyOutcome in
            let natBackend = try Self.natBackend(options.natBackend, for: request.plan, operations: operations, in: namespace)
            let cookie = operations.namespaceCookie
            var action = ApplyOutcome.Action.applied
            var undone = 0
            if let existing {
                switch try Self.judge(existing, request, cookie: cookie, replace: options.replace) {
                case .stale:
                    try existing.delete()
                case .current:
                    return ApplyOutcome(vm: request.vm, action: .unchanged, stepsMade: 0, stepsUndone: 0, stateFile: path)
                case .undo(let reason):
                    var transaction = Transaction(file: existing, host: operations, drivers: drivers, faults: .none)
                    undone = try transaction.undo(during: .tearingDown).count
                    try transaction.file.delete()
                    action = reason
                }
            }
            let live: PodFacts
            do throws(StepError) {
                live = try PodFactsReader.read(operations)
            } catch {
                throw .cannotReadNamespace(namespace, error)
            }
            guard live.interfaces == request.facts.interfaces else { throw .factsChanged(request.vm, namespace) }
            let journal = Journal(
                vm: request.vm, namespace: namespace, namespaceCookie: cookie, manifestDigest: request.manifestDigest,
                facts: request.facts, plan: request.plan, natBackend: natBackend)
            var transaction = Transaction(
                file: try JournalFile(path: path, journal: journal), host: operations, drivers: drivers,
                faults: options.faults)
            try transaction.apply()
            return ApplyOutcome(
                vm: request.vm, action: action, stepsMade: journal.entries.count, stepsUndone: undone, stateFile: path)
        }
    }

    /// The backend of `choice` that works in the namespace for `plan`'s NAT rules; nil when the plan has none.
    /// Throws, before anything is changed, when none of the choice's backends can work there.
    private static func natBackend(
        _ choice: NATBackendChoice, for plan: VMPlan, operations: any HostOperations, in namespace: NetworkNamespace
    ) throws(ExecutorError) -> NATBackendKind? {
        let families = NATBatch(plan.steps.compactMap(\.natStep)).families
        guard !families.isEmpty else { return nil }
        var refusals: [NATBackendRefusal] = []
        for kind in choice.candidates {
            guard let reason = operations.natUnavailability(kind, families: families) else { return kind }
            refusals.append(NATBackendRefusal(backend: kind, reason: reason))
        }
        throw .natBackendUnavailable(choice, namespace, refusals)
    }

    /// What `up` does with the journal an earlier `up` of the VM left.
    private enum EarlierApply {
        /// It was made in a namespace that is gone (a new one took its path): drop it.
        case stale
        /// It is this request, fully made: nothing to do.
        case current
        /// Undo it, then make this request, for the reason given.
        case undo(ApplyOutcome.Action)
    }

    /// Compares the journal `existing` with `request`, whose plan was made from the journaled facts. A journal of
    /// other manifests whose plan is the same (say, a reformatted file) takes the new digest and counts as current.
    private static func judge(
        _ existing: JournalFile, _ request: ApplyRequest, cookie: UInt64?, replace: Bool
    ) throws(ExecutorError) -> EarlierApply {
        let journal = existing.journal
        if journal.describesAnotherNamespace(than: cookie) { return .stale }
        if journal.header.manifestDigest == request.manifestDigest {
            return journal.isComplete ? .current : .undo(.resumed)
        }
        let difference = PlanDifference(applied: journal.header.plan, requested: request.plan)
        if difference.isEmpty, journal.isComplete {
            var updated = journal
            updated.header.manifestDigest = request.manifestDigest
            try JournalFile(path: existing.path, journal: updated).write()
            return .current
        }
        guard replace else { throw .planChanged(request.vm, difference, stateFile: existing.path) }
        return .undo(.replaced)
    }

    /// Unwires the VM: undoes its journal's steps, last first, restoring what they changed, and deletes the
    /// journal. Without a journal there is nothing to do; running it twice is fine.
    public func down(_ vm: VMReference) throws(ExecutorError) -> TeardownOutcome {
        let path = options.stateDirectory.journalPath(of: vm, in: namespace)
        return try teardown { () throws(ExecutorError) in
            [try JournalFile.load(path: path)].compactMap { $0 }
        }.first ?? TeardownOutcome(vm: vm, action: .nothingToUndo, stepsUndone: 0, stateFile: path)
    }

    /// Unwires every VM journaled in the namespace.
    public func downAll() throws(ExecutorError) -> [TeardownOutcome] {
        let state = options.stateDirectory
        return try teardown { () throws(ExecutorError) in
            var files: [JournalFile] = []
            for path in try state.journalPaths(in: namespace) {
                if let file = try JournalFile.load(path: path) { files.append(file) }
            }
            return files
        }
    }

    /// Undoes the journals `load` finds, holding the namespace's lock; a namespace that is gone took everything
    /// the journals record with it, so they are only deleted.
    private func teardown(_ load: () throws(ExecutorError) -> [JournalFile]) throws(ExecutorError) -> [TeardownOutcome] {
        let host = options.host
        try host.requireWiringCapabilities(for: "vmnet down")
        try namespace.requireValid()
        let state = options.stateDirectory
        let lock = try state.lock(namespace)
        defer {
            state.removeFolderIfEmpty(of: namespace, holding: lock)
            lock.release()
        }
        let files = try load()
        guard !files.isEmpty else { return [] }
        guard host.exists(namespace) else {
            var outcomes: [TeardownOutcome] = []
            for file in files {
                try file.delete()
                outcomes.append(TeardownOutcome(
                    vm: file.journal.header.vm, action: .namespaceGone, stepsUndone: 0, stateFile: file.path))
            }
            return outcomes
        }
        let (namespace, drivers) = (self.namespace, self.drivers)
        return try host.run(in: namespace) { (operations) throws(ExecutorError) -> [TeardownOutcome] in
            let cookie = operations.namespaceCookie
            var outcomes: [TeardownOutcome] = []
            for file in files where file.journal.describesAnotherNamespace(than: cookie) {
                try file.delete()
                outcomes.append(TeardownOutcome(
                    vm: file.journal.header.vm, action: .namespaceGone, stepsUndone: 0, stateFile: file.path))
            }
            for file in files where !file.journal.describesAnotherNamespace(than: cookie) {
                var transaction = Transaction(file: file, host: operations, drivers: drivers, faults: .none)
                let steps = try transaction.undo(during: .tearingDown)
                try transaction.file.delete()
                outcomes.append(TeardownOutcome(
                    vm: file.journal.header.vm, action: .undone, stepsUndone: steps.count, stateFile: file.path))
            }
            return outcomes
        }
    }
}
