import Foundation

/// Runs blocking work on a thread of its own and awaits its result.
///
/// An acceptance scenario spends seconds waiting for processes (vmnet, run-guest.sh, a guest):
/// on Swift Testing's cooperative pool, one thread per core, two such tests would hold up every
/// other test of the run, and only two guests would boot at a time. Assertions stay in the
/// test's own task, where Swift Testing attributes them.
func onOwnThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
