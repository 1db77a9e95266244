import Foundation
import Glibc
import Synchronization

/// What a finished command printed and how it ended.
struct CommandResult {
    var status: Int32
    var output: String
    var error: String
}

/// Runs `executable` with `arguments`, `environment` (the whole environment when given, else this process's) and
/// `input` on standard input, and waits for it.
@discardableResult
func run(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: String? = nil
) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    let stdin = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : stdin
    try process.run()
    if let input {
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
    }
    // Both pipes are drained at once, so that a command filling one never blocks on it.
    let errorData = Mutex(Data())
    let drained = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        let data = error.fileHandleForReading.readDataToEndOfFile()
        errorData.withLock { $0 = data }
        drained.signal()
    }
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    drained.wait()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
        error: String(decoding: errorData.withLock { $0 }, as: UTF8.self))
}

/// Runs `ip ARGS` and throws with its message when it fails.
func ip(_ arguments: String...) throws {
    let result = try run("/usr/sbin/ip", arguments)
    guard result.status == 0 else { throw TestFailure("ip \(arguments.joined(separator: " ")): \(result.error)") }
}

/// A failure of the test's own set-up.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Whether this process is root: the wiring tests need it.
let isRoot = getuid() == 0
