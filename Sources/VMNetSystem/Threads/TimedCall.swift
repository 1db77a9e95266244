import Glibc

/// Runs a closure on a thread of its own and waits for it a bounded time: for calls into code that may hang (a
/// plugin's operation). The thread inherits the caller's network namespace, as every thread made from it does.
package enum TimedCall {
    /// `body`'s result, once its thread has ended; or `nil` when it has not returned within `timeout`, and the
    /// thread is then left to itself.
    ///
    /// - Throws: `SystemError` when the thread cannot be created.
    package static func run<Value: Sendable>(
        name: String, within timeout: Duration, _ body: @escaping @Sendable () -> Value
    ) throws(SystemError) -> Value? {
        let result = Handoff<Value>()
        let thread = try OSThread(name: name) { result.hand(body()) }
        guard let value = result.take(within: timeout) else { return nil }
        // Joined, so nothing of the call outlives it (the fuzzer's leak check once caught a thread still
        // releasing the answer it had handed over).
        thread.join()
        return value
    }
}
