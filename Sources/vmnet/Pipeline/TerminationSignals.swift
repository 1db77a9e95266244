import Glibc

/// SIGINT and SIGTERM, blocked in every thread and taken synchronously, so a serving command stops cleanly.
enum TerminationSignals {
    /// Blocks SIGINT and SIGTERM in the calling thread and in every thread it starts afterwards. Call it before
    /// any thread starts, so no other thread can take the signal.
    static func block() {
        var set = signals
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits for SIGINT or SIGTERM and returns its number.
    static func wait() -> Int32 {
        var set = signals
        var number: Int32 = 0
        while sigwait(&set, &number) != 0 {}
        return number
    }

    private static var signals: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }
}
