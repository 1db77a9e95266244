import FoundationEssentials
import Glibc

/// Test hooks that make `up` fail or stop at a chosen step, to prove that a rollback, or a `down` after a
/// `kill -9`, leaves the namespace as it was. Steps are numbered from 1 in plan order.
///
/// A program's own tests pass them in `Executor.Options.faults`. Only builds with `VMNET_TESTING` (this package's
/// debug builds) can also read them from the environment, so a release `vmnet` has no such switch.
public struct FaultInjection: Sendable, Equatable {
    /// Fail step k as if the kernel refused it.
    public var failAtStep: Int?
    /// Stop forever once step k is journaled as intended, before it is made.
    public var pauseBeforeStep: Int?
    /// Stop forever once step k is made, before the journal records it done.
    public var pauseAfterStep: Int?

    /// No hooks.
    public static let none = FaultInjection()

    /// Creates hooks.
    public init(failAtStep: Int? = nil, pauseBeforeStep: Int? = nil, pauseAfterStep: Int? = nil) {
        self.failAtStep = failAtStep
        self.pauseBeforeStep = pauseBeforeStep
        self.pauseAfterStep = pauseAfterStep
    }

    #if VMNET_TESTING
    /// The hooks named by `VMNET_FAIL_AT_STEP`, `VMNET_PAUSE_BEFORE_STEP` and `VMNET_PAUSE_AFTER_STEP`; only in
    /// builds with `VMNET_TESTING`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> FaultInjection {
        FaultInjection(
            failAtStep: environment["VMNET_FAIL_AT_STEP"].flatMap { Int($0) },
            pauseBeforeStep: environment["VMNET_PAUSE_BEFORE_STEP"].flatMap { Int($0) },
            pauseAfterStep: environment["VMNET_PAUSE_AFTER_STEP"].flatMap { Int($0) })
    }
    #endif

    /// Fails when `steps` (the plan steps one operation makes) holds the step to fail.
    func checkFailure(_ steps: [Int]) throws(StepError) {
        if let failAtStep, steps.contains(failAtStep) { throw .injected(step: failAtStep) }
    }

    /// Stops the process's progress for good when `steps` holds the step to stop before.
    func pauseIfBefore(_ steps: [Int]) {
        if let pauseBeforeStep, steps.contains(pauseBeforeStep) { Self.pause("before step \(pauseBeforeStep)") }
    }

    /// Stops the process's progress for good when `steps` holds the step to stop after.
    func pauseIfAfter(_ steps: [Int]) {
        if let pauseAfterStep, steps.contains(pauseAfterStep) { Self.pause("after step \(pauseAfterStep)") }
    }

    /// Says so on standard error (a test waits for the line, then kills the process) and sleeps until killed.
    private static func pause(_ point: String) -> Never {
        let line = Array("vmnet: test hook: paused \(point)\n".utf8)
        _ = Glibc.write(STDERR_FILENO, line, line.count)
        while true { Glibc.pause() }
    }
}
