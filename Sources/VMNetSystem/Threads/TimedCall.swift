import Glibc

/// Runs a closure on a thread of its own and waits for it a bounded time: for calls into code that may hang (a
/// plugin's operation). The thread inherits the caller's network namespace, as every thread made from it does.
package enum TimedCall {
    /// `body`'s result, or `nil` when it has not returned within `timeout`; the thread is then left to itself.
    ///
    /// - Throws: `SystemError` when the thread cannot be created.
    package static func run<Value: Sendable>(
        name: String, within timeout: Duration, _ body: @escaping @Sendable () -> Value
    ) throws(SystemError) -> Value? {
        let result = Handoff<Value>()
        _ = try OSThread(name: name) { result.hand(body()) }
        return result.take(within: timeout)
    }
}
