import Foundation
import Glibc

/// A program started with posix_spawn and an empty signal mask.
///
/// Foundation's `Process` spawns with the calling thread's signal mask, and the test
/// runner's threads block SIGTERM: udhcpd, httpd and run-guest.sh started that way never
/// see the SIGTERM meant to stop them (measured: `terminate()` then `waitUntilExit()` hung).
final class ChildProcess {
    /// The child's process id.
    let pid: pid_t
    private var status: Int32?

    /// Starts `executable` with `arguments`, stdin from the given file (or /dev/null) and
    /// stdout/stderr appended to the given files (or /dev/null).
    init(
        _ executable: String, _ arguments: [String], stdin: String = "/dev/null", stdout: String = "/dev/null",
        stderr: String = "/dev/null"
    ) throws(GuestTestError) {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        var none = sigset_t()
        var all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child = pid_t()
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw .cannotStart(command: executable, reason: String(cString: strerror(result)))
        }
        pid = child
    }

    deinit {
        if isRunning {
            kill(pid, SIGKILL)
        }
        _ = wait()
    }

    /// Whether the child has not exited yet (reaps it if it has).
    var isRunning: Bool {
        guard status == nil else { return false }
        var raw: Int32 = 0
        let reaped = waitpid(pid, &raw, WNOHANG)
        if reaped == pid {
            status = Self.exitStatus(raw)
        } else if reaped < 0 {
            status = -1
        }
        return status == nil
    }

    /// Sends `signal` to the child if it still runs.
    func send(_ signal: Int32) {
        if isRunning {
            kill(pid, signal)
        }
    }

    /// Waits for the child to exit and returns its exit status (128 + signal if killed).
    @discardableResult
    func wait() -> Int32 {
        if let status { return status }
        var raw: Int32 = 0
        var reaped: pid_t
        repeat {
            reaped = waitpid(pid, &raw, 0)
        } while reaped < 0 && errno == EINTR
        let result = reaped == pid ? Self.exitStatus(raw) : -1
        status = result
        return result
    }

    /// Decodes a waitpid status (the WIFEXITED / WEXITSTATUS / WTERMSIG macros, which
    /// Swift does not import).
    private static func exitStatus(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }
}
