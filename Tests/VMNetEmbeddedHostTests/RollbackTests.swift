import Testing
import VMNetCore
import VMNetEmbeddedHost
import VMNetRuntime
import VMNetWiring

/// Every (example, step) pair of the covering examples.
private let stepCases: [StepCase] = SpecExample.covering.flatMap { example in
    (1...example.steps).map { StepCase(example: example, step: $0) }
}

struct StepCase: CustomTestStringConvertible, Sendable {
    var example: SpecExample
    var step: Int
    var testDescription: String { "\(example.name), step \(step) of \(example.steps)" }
}

/// The executor's failure, out of the pipeline's error.
private func stepFailure(_ error: any Error) -> StepFailure? {
    guard case .executor(.stepFailed(let failure)) = error as? WiringError else { return nil }
    return failure
}

/// The operations a clean `up` of `example` asks of the host, from reading the facts to the last step.
private func operationsOfUp(_ example: SpecExample) throws -> Int {
    try StateFolder.with { state in
        let pod = try example.makePod()
        try example.up(pod, state)
        return pod.host.operationCount
    }
}

/// The rollback and resume tests of `FaultInjectionTests`, on the in-memory host: they need no root.
@Suite("up interrupted at every step and every host operation, on the embedded host")
struct RollbackTests {
    @Test("a failure at step k undoes steps k-1…1 and names step k; the namespace ends as it started", arguments: stepCases)
    func failAtStep(_ fault: StepCase) throws {
        try StateFolder.with { state in
            let pod = try fault.example.makePod()
            let before = try pod.contents
            #expect {
                try fault.example.up(pod, state, faults: FaultInjection(failAtStep: fault.step))
            } throws: { error in
                guard let failure = stepFailure(error) else { return false }
                return failure.number == fault.step && failure.count == fault.example.steps
                    && failure.rollbackFailure == nil && failure.undone == failure.undone.sorted(by: >)
                    && Set(failure.undone).isSuperset(of: 1..<fault.step)
                    && "\(failure)".contains("failure injected at step \(fault.step)")
            }
            #expect(try pod.contents == before)
            #expect(state.journals.isEmpty)
        }
    }

    @Test("a kernel refusal at any operation of up rolls the namespace back to exactly what it was", arguments: SpecExample.covering)
    func failAtOperation(_ example: SpecExample) throws {
        let count = try operationsOfUp(example)
        try #require(count > example.steps)
        for operation in 1...count {
            try StateFolder.with { state in
                let pod = try example.makePod()
                let before = try pod.contents
                pod.host.failOperation(operation)
                #expect(throws: WiringError.self, "operation \(operation)") { try example.up(pod, state) }
                #expect(try pod.contents == before, "operation \(operation): \(pod.host.operationLog[operation - 1])")
                #expect(state.journals.isEmpty, "operation \(operation)")
            }
        }
    }

    @Test("when the rollback fails too, the journal keeps what is left and down puts the namespace back", arguments: stepCases)
    func rollbackFails(_ fault: StepCase) throws {
        let faults = FaultInjection(failAtStep: fault.step)
        // The number of the rollback's first undo, from a rollback that succeeds.
        let firstUndo = try StateFolder.with { state in
            let pod = try fault.example.makePod()
            _ = try? fault.example.up(pod, state, faults: faults)
            return pod.host.operationLog.firstIndex { line in
                line.contains(": undo `") || line.contains(": delete links ") || line.hasSuffix(" NAT rules") && line.contains(": remove ")
            }
        }
        guard let firstUndo else {
            #expect(fault.step == 1, "steps before step \(fault.step) were made, and nothing undid them")
            return
        }
        try StateFolder.with { state in
            let pod = try fault.example.makePod()
            let before = try pod.contents
            pod.host.failOperation(firstUndo + 1)
            #expect {
                try fault.example.up(pod, state, faults: faults)
            } throws: { error in
                guard let failure = stepFailure(error), let undo = failure.rollbackFailure else { return false }
                return failure.number == fault.step && "\(undo)".contains("failure injected by the embedded host")
                    && "\(undo)".contains("fix the cause and run `vmnet down` again")
            }
            #expect(state.journals.count == 1)
            let down = try fault.example.down(pod, state)
            #expect(down.map(\.action) == [.undone])
            #expect(try pod.contents == before)
            #expect(state.journals.isEmpty)
        }
    }
}
