import VMNetCore
import VMNetEngine
import VMNetRuntime
import VMNetTestKit

/// Wires VMs into the scratch namespace with vmnet's executor and compares snapshots of the namespace.
struct Wiring {
    let live: ChildJob.Live
    /// The namespace to wire, as `ip netns` names it.
    let namespaceName: String
    let drivers: DriverSet
    let cniFolder: String
    let recorder: RecordingBinding?

    private var namespace: NetworkNamespace { NetworkNamespace(name: namespaceName) }
    private var state: StateDirectory { StateDirectory(path: live.stateDirectory) }

    /// Up, up again, down, down again, with a snapshot after each; records what each check needs.
    func applyThenDown(
        _ candidate: LiveCandidate, applyDown: inout [String], idempotent: inout [String], custom: inout [String]
    ) {
        let executor = Executor(namespace: namespace, drivers: drivers, options: Executor.Options(stateDirectory: state, natBackend: live.natBackend))
        let reference = VMReference(candidate.vm)
        let (label, customSteps) = (candidate.label, candidate.customSteps)
        let snapshot = { () throws in try self.snapshot(candidate) }
        do {
            let before = try snapshot()
            let request = try request(candidate)
            recorder?.reset()
            let first = try executor.up(request)
            let applied = try snapshot()
            if first.action != .applied { applyDown.append("\(label): the first up was '\(first.action)', not 'applied'") }
            let appliedSteps = recorder?.recorded ?? []
            let again = try executor.up(request)
            let reapplied = try snapshot()
            if again.action != .unchanged {
                idempotent.append("\(label): the second up was '\(again.action)', not 'unchanged'")
            } else if reapplied != applied {
                idempotent.append("\(label): the second up changed the namespace: \(reapplied.summary(from: applied))")
            }
            recorder?.reset()
            let down = try executor.down(reference)
            let after = try snapshot()
            let revertedSteps = recorder?.recorded ?? []
            if after != before {
                applyDown.append("\(label): after up then down (\(down.stepsUndone) steps undone) the namespace differs: \(after.summary(from: before))")
            }
            let second = try executor.down(reference)
            if second.action != .nothingToUndo {
                applyDown.append("\(label): a second down was '\(second.action)', not 'nothingToUndo'")
            }
            if appliedSteps != customSteps.map(RecordingBinding.Call.apply) {
                custom.append("\(label): up applied \(Self.describe(appliedSteps)); the plan's custom steps are \(Self.names(customSteps))")
            }
            if revertedSteps != customSteps.reversed().map(RecordingBinding.Call.revert) {
                custom.append("\(label): down reverted \(Self.describe(revertedSteps)); it should revert \(Self.names(customSteps.reversed()))")
            }
        } catch {
            applyDown.append("\(label): \(error)")
            _ = try? executor.down(reference)
        }
    }

    /// Makes `up` fail at each step in turn and checks that the namespace is as before and nothing is left;
    /// `progress` is told before each step's turn, so the parent sees the check advance on a slow machine.
    func failEachStep(
        _ candidate: LiveCandidate, rollback: inout [String], custom: inout [String], progress: () -> Void
    ) {
        let reference = VMReference(candidate.vm)
        let (label, plan) = (candidate.label, candidate.plan)
        let snapshot = { () throws in try self.snapshot(candidate) }
        let clean = Executor(namespace: namespace, drivers: drivers, options: Executor.Options(stateDirectory: state, natBackend: live.natBackend))
        let before: NamespaceSnapshot
        let request: ApplyRequest
        do {
            before = try snapshot()
            request = try self.request(candidate)
        } catch {
            rollback.append("\(label): \(error)")
            return
        }
        for (offset, step) in plan.steps.enumerated() {
            let number = offset + 1
            progress()
            let place = "\(label), failure injected at step \(number) of \(plan.steps.count) (\(step))"
            let executor = Executor(
                namespace: namespace, drivers: drivers,
                options: Executor.Options(stateDirectory: state, natBackend: live.natBackend, faults: FaultInjection(failAtStep: number)))
            recorder?.reset()
            do throws(ExecutorError) {
                _ = try executor.up(request)
                rollback.append("\(place): up succeeded although the step failed")
            } catch .stepFailed(let failure) {
                if let undo = failure.rollbackFailure { rollback.append("\(place): the rollback failed: \(undo)") }
            } catch {
                rollback.append("\(place): \(error)")
            }
            do {
                let after = try snapshot()
                if after != before { rollback.append("\(place): the namespace differs: \(after.summary(from: before))") }
                if try state.journal(of: reference, in: namespace) != nil {
                    rollback.append("\(place): the journal is left behind")
                }
            } catch {
                rollback.append("\(place): \(error)")
            }
            let calls = recorder?.recorded ?? []
            let applied = calls.compactMap { if case .apply(let step) = $0 { step } else { nil } }
            let reverted = calls.compactMap { if case .revert(let step) = $0 { step } else { nil } }
            if reverted != applied.reversed() {
                custom.append("\(place): the rollback reverted \(Self.names(reverted)) of the applied \(Self.names(applied))")
            }
            _ = try? clean.down(reference)
        }
    }

    /// The candidate's request: planned, as `vmnet up` plans, from the namespace's facts.
    private func request(_ candidate: LiveCandidate) throws -> ApplyRequest {
        let options = Planner.Options(cniConfigDirectory: cniFolder)
        let (vm, config, attachments) = (candidate.vm, candidate.config, candidate.attachments)
        let reference = VMReference(vm)
        let facts = try PodFactsReader(stateDirectory: state).facts(of: reference, in: namespace)
        return ApplyRequest(
            vm: reference, manifestDigest: ManifestDigest.of(vm, config: config, attachments: attachments, options: options),
            facts: facts,
            plan: try Planner(drivers: drivers).plan(vm, config: config, attachments: attachments, facts: facts, options: options))
    }

    /// The namespace now, with the sysctls the candidate's plan sets.
    private func snapshot(_ candidate: LiveCandidate) throws -> NamespaceSnapshot {
        let planned = candidate.plan.steps.compactMap { if case .setSysctl(let key, _) = $0 { key } else { nil } }
        return try NamespaceSnapshot.take(namespaceName, .init(tables: ["nat"], sysctls: Self.sysctls + planned))
    }

    /// The sysctls every snapshot reads: those the built-in bindings set, and those of the pod's interfaces.
    private static let sysctls = [
        "net/ipv4/ip_forward", "net/ipv6/conf/all/forwarding", "net/ipv4/conf/all/route_localnet",
        "net/ipv4/conf/eth0/route_localnet", "net/ipv4/conf/net1/route_localnet",
        "net/ipv6/conf/eth0/disable_ipv6", "net/ipv6/conf/net1/disable_ipv6",
    ]

    private static func names(_ steps: [CustomStep]) -> String {
        steps.isEmpty ? "none" : steps.map(\.name).joined(separator: ", ")
    }

    private static func describe(_ calls: [RecordingBinding.Call]) -> String {
        calls.isEmpty ? "none" : calls.map {
            switch $0 {
            case .apply(let step): "apply \(step.name)"
            case .revert(let step): "revert \(step.name)"
            }
        }.joined(separator: ", ")
    }
}
