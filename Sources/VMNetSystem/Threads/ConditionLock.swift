import Glibc

/// A mutex with one condition variable, the pthread pair, for threads that hand work to each other.
final class ConditionLock: @unchecked Sendable {
    // @unchecked: the pthread objects are made for use from several threads; their storage never moves.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` holding the mutex.
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Releases the mutex until signalled, then takes it again; call it inside `withLock`, in a loop on the
    /// awaited state (wake-ups can be spurious).
    func wait() {
        pthread_cond_wait(condition, mutex)
    }

    /// `wait`, but only until `deadline` (CLOCK_REALTIME); `false` once it has passed.
    func wait(until deadline: timespec) -> Bool {
        var deadline = deadline
        return pthread_cond_timedwait(condition, mutex, &deadline) != ETIMEDOUT
    }

    /// Wakes the threads waiting.
    func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
