import Foundation
import Glibc

/// What a finished command printed and how it ended.
struct CommandResult {
    var status: Int32
    var output: String
    var timedOut: Bool
}

/// Runs `executable` with `arguments`, killing it after `timeout`, and returns its exit status and output.
///
/// When `done` turns true first, the command is ended with SIGTERM (SIGKILL after 3 s) and counts as finished.
/// It uses `posix_spawn` and `waitpid` rather than Foundation's `Process`, which counts a command as running while
/// any process it forked lives on.
func runCommand(
    _ executable: String, _ arguments: [String], timeout: Duration = .seconds(30), until done: () -> Bool = { false }
) throws -> CommandResult {
    let log = "/tmp/vmnet-dhcp-cmd-\(getpid())-\(UUID().uuidString)"
    defer { unlink(log) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard rc == 0 else { throw CommandFailure(command: executable, output: String(cString: strerror(rc))) }
    var status: Int32 = 0
    let deadline = ContinuousClock.now + timeout
    var timedOut = false
    while waitpid(pid, &status, WNOHANG) == 0 {
        if done() {
            kill(pid, SIGTERM)
            let grace = ContinuousClock.now + .seconds(3)
            while waitpid(pid, &status, WNOHANG) == 0 {
                if ContinuousClock.now >= grace {
                    kill(pid, SIGKILL)
                    waitpid(pid, &status, 0)
                    break
                }
                usleep(20_000)
            }
            break
        }
        if ContinuousClock.now >= deadline {
            timedOut = true
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
            break
        }
        usleep(20_000)
    }
    let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    let exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return CommandResult(status: exitStatus, output: output, timedOut: timedOut)
}

/// Runs `ip` with `arguments` and throws with its output when it fails.
func ip(_ arguments: String...) throws {
    try ip(arguments)
}

/// Runs `ip` with an argument list and throws with its output when it fails.
func ip(_ arguments: [String]) throws {
    let result = try runCommand("/usr/sbin/ip", arguments, timeout: .seconds(10))
    guard result.status == 0 else { throw CommandFailure(command: "ip " + arguments.joined(separator: " "), output: result.output) }
}

/// A set-up command that failed.
struct CommandFailure: Error, CustomStringConvertible {
    var command: String
    var output: String
    var description: String { "\(command) failed: \(output)" }
}
