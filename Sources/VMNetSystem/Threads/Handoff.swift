import Glibc

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

    /// Waits at most `timeout` for a value; `nil` when none was handed in time.
    func take(within timeout: Duration) -> Value? {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = Int(deadline.tv_nsec) + Int(attoseconds / 1_000_000_000)
        deadline.tv_sec += Int(seconds) + nanoseconds / 1_000_000_000
        deadline.tv_nsec = nanoseconds % 1_000_000_000
        return lock.withLock {
            while value == nil {
                if !lock.wait(until: deadline) { break }
            }
            return value
        }
    }
}
