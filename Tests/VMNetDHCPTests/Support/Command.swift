import Foundation
import VMNetTestKit

/// Runs `executable` with `arguments`, killing it after `timeout`; when `done` turns true first, the command is
/// ended with SIGTERM (SIGKILL after 3 s) and counts as finished. `waitpid`, not Foundation's `Process`, which
/// counts a command as running while any process it forked lives on.
func runCommand(
    _ executable: String, _ arguments: [String], timeout: Duration = .seconds(30), until done: () -> Bool = { false }
) throws -> CommandResult {
    try Command(executable, arguments, timeout: timeout).run(until: done)
}

/// Runs `ip` with `arguments` and throws with its output when it fails.
func ip(_ arguments: String...) throws {
    try ip(arguments)
}

/// Runs `ip` with an argument list and throws with its output when it fails.
func ip(_ arguments: [String]) throws {
    let result = try runCommand("/usr/sbin/ip", arguments, timeout: .seconds(10))
    guard result.status == 0 else { throw CommandFailure(command: "ip " + arguments.joined(separator: " "), output: result.stderr) }
}

/// A set-up command that failed.
struct CommandFailure: Error, CustomStringConvertible {
    var command: String
    var output: String
    var description: String { "\(command) failed: \(output)" }
}
