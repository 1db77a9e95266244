import Testing
import VMNetCore
import VMNetEmbeddedHost
import VMNetRuntime
import VMNetWiring

/// The `kill -9` tests of `FaultInjectionTests`, on the in-memory host: the process dies at an operation, leaving
/// the namespace and the journal as they were then, and a later `down` or `up` takes over from there.
@Suite("up killed at every host operation, then down or up again, on the embedded host")
struct KillTests {
    @Test("a kill before or after any operation of up, then down, leaves nothing behind", arguments: SpecExample.covering)
    func killThenDown(_ example: SpecExample) throws {
        let count = try StateFolder.with { state in
            let pod = try example.makePod()
            try example.up(pod, state)
            return pod.host.operationCount
        }
        for operation in 1...count {
            for moment in [EmbeddedHost.Moment.before, .after] {
                try StateFolder.with { state in
                    let pod = try example.makePod()
                    let before = try pod.contents
                    pod.host.kill(atOperation: operation, moment, keeping: state.path)
                    #expect(throws: WiringError.self) { try example.up(pod, state) }
                    #expect(pod.host.isKilled)
                    try pod.host.restart()
                    let down = try example.down(pod, state)
                    #expect(down.allSatisfy { $0.action == .undone }, "operation \(operation), \(moment)")
                    #expect(try pod.contents == before, "operation \(operation), \(moment): \(pod.host.operationLog[operation - 1])")
                    #expect(state.journals.isEmpty, "operation \(operation), \(moment)")
                }
            }
        }
    }

    @Test("up after a kill halfway undoes the half-made plan and wires the VM")
    func resumeAfterKill() throws {
        let example = SpecExample.covering[0]
        try StateFolder.with { state in
            let pod = try example.makePod()
            let before = try pod.contents
            // The operation that makes step 14, found in a clean up's log.
            let makingStep14 = try StateFolder.with { probeState in
                let probe = try example.makePod()
                let plan = try example.up(probe, probeState).plan
                try #require(plan.steps.count == example.steps)
                try #require(plan.steps.filter { "\($0)" == "\(plan.steps[13])" }.count == 1)
                return try #require(probe.host.operationLog.firstIndex { $0.hasSuffix(": \(plan.steps[13])") }) + 1
            }
            pod.host.kill(atOperation: makingStep14, .after, keeping: state.path)
            #expect(throws: WiringError.self) { try example.up(pod, state) }
            try pod.host.restart()
            #expect(state.journals.count == 1)
            let again = try example.up(pod, state).outcome
            #expect(again.action == .resumed && again.stepsUndone == 14 && again.stepsMade == example.steps)
            #expect(try example.down(pod, state).map(\.action) == [.undone])
            #expect(try pod.contents == before)
        }
    }
}
