/// A value one thread hands to another once: `hand` stores it and wakes the thread waiting in `take`.
final class Handoff<Value>: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = ConditionLock()
    private var value: Value?

    /// Stores `value` and wakes the waiting thread.
    func hand(_ value: Value) {
        lock.withLock {
            self.value = value
            lock.broadcast()
        }
    }

    /// Waits until a value is handed, and returns it.
    func take() -> Value {
        lock.withLock {
            while value == nil { lock.wait() }
            return value!
        }
    }
}
