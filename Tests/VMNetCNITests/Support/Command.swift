import Foundation
import Glibc
import VMNetTestKit

/// Runs `executable` with `arguments`, `environment` (the whole environment when given, else this process's) and
/// `input` on standard input, and waits for it.
@discardableResult
func run(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: String? = nil
) throws -> CommandResult {
    try Command(
        executable, arguments, environment: environment?.mapValues { $0 } ?? [:], inheritsEnvironment: environment == nil,
        input: input
    ).run()
}

/// Runs `ip ARGS` and throws with its message when it fails.
func ip(_ arguments: String...) throws {
    let result = try run("/usr/sbin/ip", arguments)
    guard result.status == 0 else { throw TestFailure("ip \(arguments.joined(separator: " ")): \(result.stderr)") }
}

/// A failure of the test's own set-up.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Whether this process is root: the wiring tests need it.
let isRoot = getuid() == 0
