import Foundation
import Glibc
import VMNetTestKit

/// The built `vmnet` command, beside the test bundle, with the plugins it loads from its own folder.
enum VMNetBinary {
    static let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("vmnet").path

    /// The spec's example manifests.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The path of a fixture, e.g. `spec/pod-masquerade.yaml`.
    static func fixture(_ name: String) -> String {
        fixtures.appendingPathComponent(name).path
    }

    /// Runs `vmnet ARGS` with `environment` added to this process's, and waits for it.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        try Command(path, arguments, environment: environment.mapValues { $0 }).run()
    }

    /// Runs `vmnet ARGS` with a pause hook in `environment`, waits until it says it paused, and kills it with
    /// SIGKILL; returns what it wrote on standard error.
    static func runUntilPausedThenKill(_ arguments: [String], environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let error = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = error
        try process.run()
        var seen = Data()
        let deadline = Date().addingTimeInterval(20)
        while !String(decoding: seen, as: UTF8.self).contains("paused"), process.isRunning, Date() < deadline {
            seen.append(error.fileHandleForReading.availableData)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return String(decoding: seen, as: UTF8.self)
    }
}

/// A folder for one test's journals, deleted afterwards.
struct TestStateDirectory {
    let path: String

    @discardableResult
    static func with<T>(_ body: (TestStateDirectory) throws -> T) throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vmnet-state-\(getpid())-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(TestStateDirectory(path: path))
    }

    /// The journal files under it.
    var journals: [String] {
        let enumerator = FileManager.default.enumerator(atPath: path)
        return (enumerator?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".json") }
    }
}
