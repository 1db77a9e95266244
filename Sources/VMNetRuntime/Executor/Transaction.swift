import VMNetCore

/// One VM's host steps in one namespace, made in plan order or undone in reverse, with the journal written
/// before each change reaches the kernel.
///
/// Runs on the namespace's thread. All the plan's NAT steps are one operation, made where the first of them
/// stands, so each table is committed once.
struct Transaction {
    /// A single step, or every NAT step of the plan.
    private enum Operation {
        case step(Int)
        case nat

        var isNAT: Bool {
            if case .nat = self { true } else { false }
        }
    }

    private(set) var file: JournalFile
    private let host: any HostOperations
    private let plugins: PluginSteps
    private let faults: FaultInjection
    private let steps: [HostStep]
    private let operations: [Operation]
    /// The indexes of the NAT steps, in plan order.
    private let natIndexes: [Int]

    /// A transaction over the steps of `file`'s plan, made through `host`; `custom` steps go to their plugin
    /// among `drivers`.
    init(file: JournalFile, host: any HostOperations, drivers: LazyDriverSet, faults: FaultInjection) {
        self.file = file
        self.host = host
        plugins = PluginSteps(drivers: drivers)
        self.faults = faults
        let steps = file.journal.steps
        self.steps = steps
        let natIndexes = steps.indices.filter { steps[$0].natStep != nil }
        self.natIndexes = natIndexes
        operations = steps.indices.compactMap { index in
            guard steps[index].natStep != nil else { return .step(index) }
            return index == natIndexes.first ? .nat : nil
        }
    }

    private var vm: VMReference { file.journal.header.vm }

    /// Makes every step. When one fails, undoes those made before it, deletes the journal, and throws
    /// `.stepFailed`; if the undo fails too, the journal stays for `vmnet down`.
    mutating func apply() throws(ExecutorError) {
        // The first write is the first step's intent: nothing is made before it, so nothing needs a journal.
        for operation in operations {
            let indexes = indexes(of: operation)
            let numbers = indexes.map { $0 + 1 }
            let priors: [PriorState]
            do throws(StepError) {
                priors = try prior(operation)
            } catch {
                try fail(indexes, error)
            }
            file.update { journal in
                for (index, prior) in zip(indexes, priors) {
                    journal.entries[index].state = .intended
                    journal.entries[index].prior = prior
                }
            }
            try file.write()
            faults.pauseIfBefore(numbers)
            do throws(StepError) {
                try faults.checkFailure(numbers)
                try perform(operation, priors: priors)
            } catch {
                try fail(indexes, error)
            }
            faults.pauseIfAfter(numbers)
            // Written with the next step's intent: a crash before that leaves this step `intended`, which undo
            // treats as made.
            file.update { journal in
                for index in indexes { journal.entries[index].state = .done }
            }
        }
        file.update { $0.phase = .applied }
        try file.write()
    }

    /// Undoes every step made (or intended), last first, recording each undo; returns their numbers, highest
    /// first.
    ///
    /// The links the plan created are deleted together when the undo reaches the last of them: every undo of a
    /// step between them tolerates its link being gone already, and the kernel then waits once for all the links
    /// instead of once per link. A plugin's `custom` step is never passed over: links created before it are
    /// deleted after its revert, one by one.
    mutating func undo(during phase: Journal.Phase) throws(ExecutorError) -> [Int] {
        file.update { $0.phase = phase }
        let lastCustom = steps.indices.last { steps[$0].isCustom && file.journal.entries[$0].needsUndo } ?? -1
        let createdLinks = steps.indices.filter { index in
            guard index > lastCustom, case .newLink = file.journal.entries[index].prior else { return false }
            return file.journal.entries[index].needsUndo
        }
        var undone: [Int] = []
        for operation in operations.reversed() {
            var indexes = indexes(of: operation).filter { file.journal.entries[$0].needsUndo }
            guard let last = indexes.last else { continue }
            let deletesLinks = createdLinks.count > 1 && createdLinks.contains(last)
            if deletesLinks { indexes = createdLinks.filter { file.journal.entries[$0].needsUndo } }
            do throws(StepError) {
                if deletesLinks {
                    try host.deleteLinks(indexes.compactMap { index in
                        if case .newLink(let name) = file.journal.entries[index].prior { name } else { nil }
                    })
                } else {
                    try revert(operation, indexes: indexes)
                }
            } catch {
                try file.write()
                throw .undoFailed(UndoFailure(vm: vm, number: last + 1, step: steps[last], error: error, stateFile: file.path))
            }
            file.update { journal in
                for index in indexes { journal.entries[index].state = .undone }
            }
            // Undoing the rest again after a crash is harmless (each undo restores a recorded value or removes
            // what may already be gone), but removing NAT rules twice could take someone else's copy of a rule,
            // and a plugin's revert may not bear repeating: those are recorded before going on.
            if !deletesLinks, operation.isNAT || steps[last].isCustom { try file.write() }
            undone += indexes.map { $0 + 1 }
        }
        return undone.sorted(by: >)
    }

    /// Records the failure of the steps at `indexes`, rolls back, and throws what happened.
    private mutating func fail(_ indexes: [Int], _ error: StepError) throws(ExecutorError) -> Never {
        file.update { journal in
            for index in indexes { journal.entries[index].state = .failed }
        }
        let failed: Int
        if case .injected(let number) = error { failed = number - 1 } else { failed = indexes[0] }
        var failure = StepFailure(
            vm: vm, number: failed + 1, count: steps.count, interface: file.journal.entries[failed].interface,
            step: steps[failed], error: error, undone: [], rollbackFailure: nil)
        do throws(ExecutorError) {
            failure.undone = try undo(during: .rollingBack)
            try file.delete()
        } catch .undoFailed(let undoFailure) {
            failure.rollbackFailure = undoFailure
        }
        throw .stepFailed(failure)
    }

    private func indexes(of operation: Operation) -> [Int] {
        switch operation {
        case .step(let index): [index]
        case .nat: natIndexes
        }
    }

    private func prior(_ operation: Operation) throws(StepError) -> [PriorState] {
        switch operation {
        case .step(let index):
            if case .custom = steps[index] { return [.custom] }
            return [try host.prior(of: steps[index])]
        case .nat:
            return try host.natPriors(natSteps(natIndexes))
        }
    }

    private func perform(_ operation: Operation, priors: [PriorState]) throws(StepError) {
        switch operation {
        case .step(let index):
            if case .custom(let custom) = steps[index] { return try plugins.apply(custom) }
            try host.apply(steps[index], prior: priors[0])
        case .nat:
            try host.natApply(natSteps(natIndexes), priors: priors)
        }
    }

    private func revert(_ operation: Operation, indexes: [Int]) throws(StepError) {
        switch operation {
        case .step(let index):
            guard let prior = file.journal.entries[index].prior else { return }
            if case .custom(let custom) = steps[index] { return try plugins.revert(custom) }
            try host.undo(steps[index], prior: prior)
        case .nat:
            let priors = indexes.map { file.journal.entries[$0].prior ?? .natRules(createdChains: NATChainsByFamily()) }
            try host.natRemove(natSteps(indexes), priors: priors)
        }
    }

    /// The NAT steps at `indexes`.
    private func natSteps(_ indexes: [Int]) -> [NATStep] {
        indexes.compactMap { steps[$0].natStep }
    }
}

extension HostStep {
    /// Whether the step is a plugin's own.
    fileprivate var isCustom: Bool {
        if case .custom = self { true } else { false }
    }

    /// The step as a NAT step, when it is one.
    fileprivate var natStep: NATStep? {
        if case .addNATRules(let chains, let rules) = self { NATStep(chains: chains, rules: rules) } else { nil }
    }
}
