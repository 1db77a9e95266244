import VMNetCore
import VMNetEngine
import VMNetPluginHost
import VMNetRuntime

/// The live checks, run in the child against the scratch namespace the parent made: the corpus's VMs that plan
/// host steps there are applied and taken down by vmnet's executor, and the namespace is compared, line by line,
/// with how it was before.
struct LiveChecks {
    let plugin: LoadedPlugin
    let companions: DriverSet
    let live: ChildJob.Live
    let cniFolder: String
    let log: EventLog
    /// The calls and checks an earlier child died in.
    let crashedCalls: [String: String]
    let crashedChecks: [String: String]

    func run() {
        let recorder: RecordingBinding?
        let drivers: DriverSet
        switch plugin.driver {
        case .binding(let binding):
            let recording = RecordingBinding(binding)
            recorder = recording
            drivers = DriverSet(bindings: [recording as any Binding] + companions.bindings.values, backends: Array(companions.backends.values))
        case .backend(let backend):
            recorder = nil
            drivers = DriverSet(bindings: Array(companions.bindings.values), backends: [backend as any Backend] + companions.backends.values)
        }
        let checks = ConformanceCheck.applicable(to: plugin.kind).filter(\.isLive)
        let candidates: [LiveCandidate]
        do throws(ExecutorError) {
            candidates = try self.candidates(drivers)
        } catch {
            checks.forEach { log.append(.result(.failed($0, "cannot read the scratch namespace: \(error)"))) }
            return
        }
        guard !candidates.isEmpty else {
            checks.forEach {
                log.append(.result(.passed($0, "no VM of the corpus plans host steps of the plugin's in a pod with eth0 and net1; nothing to wire")))
            }
            return
        }
        let wiring = Wiring(live: live, namespaceName: live.namespace, drivers: drivers, cniFolder: cniFolder, recorder: recorder)
        let failing = Wiring(live: live, namespaceName: live.rollbackNamespace, drivers: drivers, cniFolder: cniFolder, recorder: recorder)
        var custom: [String] = []
        if let what = crashedChecks[ConformanceCheck.liveApplyDown.rawValue] {
            log.append(.result(.failed(.liveApplyDown, "the plugin \(what) while a VM was wired")))
            log.append(.result(.skipped(.liveIdempotent, "needs live.apply-down")))
        } else {
            log.append(.checkStarted(.liveApplyDown))
            var applyDown: [String] = [], idempotent: [String] = []
            for candidate in candidates {
                wiring.applyThenDown(candidate, applyDown: &applyDown, idempotent: &idempotent, custom: &custom)
            }
            let count = candidates.count
            log.append(.result(.verdict(
                .liveApplyDown, problems: applyDown,
                passed: "\(count) VM\(count == 1 ? "" : "s") wired and taken down leave the namespace as it was; a second down finds nothing to undo")))
            log.append(.result(.verdict(
                .liveIdempotent, problems: idempotent,
                passed: "applying each of \(count) VM\(count == 1 ? "" : "s") a second time changes nothing")))
        }
        if let what = crashedChecks[ConformanceCheck.liveRollback.rawValue] {
            log.append(.result(.failed(.liveRollback, "the plugin \(what) during a rollback")))
        } else {
            log.append(.checkStarted(.liveRollback))
            var rollback: [String] = []
            var seen: [[String]] = []
            var steps = 0
            for candidate in candidates {
                // Plans with the same kinds of step in the same order roll back the same way.
                let shape = candidate.plan.steps.map { JSONValue.encoding($0).keys.first ?? "" }
                guard !seen.contains(shape) else { continue }
                seen.append(shape)
                steps += candidate.plan.steps.count
                // Each step's turn is announced again: the parent's call timeout counts from the last event, and a
                // rollback check of many steps is minutes of silence on a loaded machine.
                failing.failEachStep(candidate, rollback: &rollback, custom: &custom) { log.append(.checkStarted(.liveRollback)) }
            }
            log.append(.result(.verdict(
                .liveRollback, problems: rollback,
                passed: "a failure injected at each of \(steps) steps of \(seen.count) plans rolls back to the namespace as it was")))
        }
        if checks.contains(.liveCustomSteps) {
            let count = candidates.map(\.customSteps.count).reduce(0, +)
            log.append(.result(.verdict(
                .liveCustomSteps, problems: custom,
                passed: count == 0
                    ? "the plugin plans no custom steps"
                    : "\(count) custom steps were applied by up and reverted by down and by every rollback")))
        }
    }

    /// The VMs of the corpus that the core accepts and that plan, in the namespace as it is, host steps of the
    /// plugin's (for a binding) or any host steps (for a backend, whose networks the companions' bindings wire).
    private func candidates(_ drivers: DriverSet) throws(ExecutorError) -> [LiveCandidate] {
        let facts = try PodFactsReader(stateDirectory: StateDirectory(path: live.stateDirectory))
            .currentFacts(in: NetworkNamespace(name: live.namespace))
        let cases: [CorpusCase] = switch plugin.driver {
        case .binding(let binding): CorpusCase.binding(binding.manifest.name).filter { $0.variant == .asWritten }
        case .backend(let backend): CorpusCase.backend(backend.manifest).filter { $0.variant == .asWritten }
        }
        var candidates: [LiveCandidate] = []
        for corpusCase in cases {
            let label = "wiring \(corpusCase.label) (through the core)"
            guard crashedCalls[label] == nil else { continue }
            log.append(.calling(label: label))
            let result = Validator(drivers: drivers).validate(corpusCase.vm, config: corpusCase.config, attachments: corpusCase.attachments)
            guard !result.diagnostics.containsErrors else { continue }
            var vm = result.vm
            vm.name = "conformance-\(candidates.count + 1)"
            guard let plan = try? Planner(drivers: drivers).plan(
                vm, config: corpusCase.config, attachments: corpusCase.attachments, facts: facts,
                options: Planner.Options(cniConfigDirectory: cniFolder))
            else { continue }
            // Two backends may name the same pod interface (pod and genie both take eth0); the core does not
            // catch that yet, and such a VM cannot be wired whatever the plugin does.
            let podInterfaces = plan.interfaces.compactMap(\.plan.podInterface)
            guard Set(podInterfaces).count == podInterfaces.count else { continue }
            let own = plugin.kind == .binding ? plan.interfaces.filter { $0.binding == plugin.name }.flatMap(\.plan.steps) : plan.steps
            guard !own.isEmpty, !candidates.contains(where: { $0.plan.steps == plan.steps }) else { continue }
            candidates.append(LiveCandidate(
                label: corpusCase.label, vm: vm, config: corpusCase.config, attachments: corpusCase.attachments, plan: plan,
                customSteps: own.compactMap { if case .custom(let step) = $0, step.plugin == plugin.name { step } else { nil } }))
        }
        return candidates
    }
}
