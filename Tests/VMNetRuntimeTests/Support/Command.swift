import Foundation

/// The result of a finished command.
struct CommandResult {
    var status: Int32
    var output: String
    var error: String
}

/// Runs `arguments` (the first is looked up in PATH) and waits for it.
@discardableResult
func run(_ arguments: String...) throws -> CommandResult {
    try run(arguments)
}

/// Runs `arguments` (the first is looked up in PATH) and waits for it.
@discardableResult
func run(_ arguments: [String]) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus,
        output: String(decoding: outData, as: UTF8.self),
        error: String(decoding: errData, as: UTF8.self)
    )
}

/// Runs `ip -j ARGS` inside `namespace` and decodes the JSON array it prints.
func ipJSON(_ namespace: String, _ arguments: String...) throws -> [[String: Any]] {
    let result = try run(["ip", "-n", namespace, "-j"] + arguments)
    guard result.status == 0 else { throw TestFailure("ip \(arguments): \(result.error)") }
    let data = Data(result.output.utf8)
    return (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
}

/// A failure of the test's own set-up.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
