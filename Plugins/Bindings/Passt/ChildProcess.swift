import Glibc
import VMNetCore

/// Programs the binding runs: started with `posix_spawn` from the calling thread, so they are born in its network
/// namespace, with no standard input and their output in a file, never on vmnet's.
enum ChildProcess {
    /// Runs `arguments` (the program's path first) to its end and returns its exit status; a signal's death is
    /// 128 + the signal, as shells report it.
    static func run(_ arguments: [String], output: String) throws(PlanError) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Without O_CLOEXEC: descriptors 0–2 must stay open across exec, or the program's first descriptors take
        // their numbers, and a daemon's redirection of 0–2 to /dev/null closes them (passt's epoll, seen).
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv = arguments.map { strdup($0) }
        defer { argv.forEach { free($0) } }
        argv.append(nil)
        var pid: pid_t = 0
        let rc = withDescriptorLimitRaised { posix_spawn(&pid, arguments[0], &actions, nil, argv, environ) }
        guard rc == 0 else { throw PlanError("cannot start \(arguments[0]): \(SystemText.error(rc))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw PlanError("cannot wait for \(arguments[0]): \(SystemText.error(errno))") }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Runs `body` with this process's soft limit of open descriptors raised to its hard limit, then puts it back:
    /// a child spawned meanwhile inherits the raised limit (passt needs a descriptor per forwarded port, protocol
    /// and address family), while vmnet keeps its own.
    private static func withDescriptorLimitRaised<T>(_ body: () -> T) -> T {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return body() }
        var raised = limit
        raised.rlim_cur = limit.rlim_max
        guard setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 else { return body() }
        defer { setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) }
        return body()
    }

    /// Whether `pid` names a process that has not exited: not gone, and not a zombie nobody reaped yet (a daemon's
    /// parent is whoever adopted it, so its exit may stay unreaped).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = SystemText.contents(of: "/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else {
            return false
        }
        let state = SystemText.firstWord(of: String(stat[stat.index(after: close)...])).first
        return state != "Z" && state != "X"
    }

    /// Waits up to `seconds` for `pid` to exit; returns whether it did.
    static func awaitExit(of pid: pid_t, seconds: Int) -> Bool {
        for _ in 0..<(seconds * 100) {
            if !isAlive(pid) { return true }
            usleep(10_000)
        }
        return !isAlive(pid)
    }
}
