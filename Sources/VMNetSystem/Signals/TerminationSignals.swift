import Glibc

/// SIGINT and SIGTERM (and, for a parent, SIGCHLD), blocked in every thread and taken synchronously, so a serving
/// command stops cleanly.
package enum TerminationSignals {
    /// Blocks SIGINT and SIGTERM, and SIGCHLD when `childExit`, in the calling thread and in every thread it
    /// starts afterwards. Call it before any thread starts, so no other thread can take the signal.
    package static func block(childExit: Bool = false) {
        var set = signals(childExit: childExit)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits for SIGINT or SIGTERM, or SIGCHLD when `childExit`, and returns its number.
    package static func wait(childExit: Bool = false) -> Int32 {
        var set = signals(childExit: childExit)
        var number: Int32 = 0
        while sigwait(&set, &number) != 0 {}
        return number
    }

    /// The name of a signal `wait` returns.
    package static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGCHLD: "SIGCHLD"
        default: "signal \(signal)"
        }
    }

    private static func signals(childExit: Bool) -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        if childExit { sigaddset(&set, SIGCHLD) }
        return set
    }
}
