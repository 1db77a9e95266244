import Foundation
import VMNetTestKit

/// Runs `arguments` (the first is looked up in PATH) and waits for it.
@discardableResult
func run(_ arguments: String...) throws -> CommandResult {
    try run(arguments)
}

/// Runs `arguments` (the first is looked up in PATH) and waits for it.
@discardableResult
func run(_ arguments: [String]) throws -> CommandResult {
    try Command(arguments[0], Array(arguments.dropFirst())).run()
}

/// Runs `ip -j ARGS` inside `namespace` and decodes the JSON array it prints.
func ipJSON(_ namespace: String, _ arguments: String...) throws -> [[String: Any]] {
    let result = try run(["ip", "-n", namespace, "-j"] + arguments)
    guard result.status == 0 else { throw TestFailure("ip \(arguments): \(result.stderr)") }
    let data = Data(result.stdout.utf8)
    return (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
}

/// A failure of the test's own set-up.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
