import Foundation
import VMNetTestKit

/// The built `vmnet` command, beside the test bundle, and the fixtures it reads.
enum VMNet {
    static let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("vmnet").path

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The path of a fixture, e.g. `spec/nad-macvlan-test.yaml`.
    static func fixture(_ name: String) -> String {
        fixtures.appendingPathComponent(name).path
    }

    /// Runs `vmnet ARGS` with `environment` in place of this process's `PCIDEVICE_*` variables.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        let inherited = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PCIDEVICE_") }
        return try VMNetCNITests.run(path, arguments, environment: inherited.merging(environment) { _, new in new })
    }
}

/// A folder for one test's files, deleted afterwards.
struct TestFolder {
    let path: String

    static func with<T>(_ body: (TestFolder) throws -> T) throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vmnet-cni-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(TestFolder(path: path))
    }

    /// Writes `text` to `name` in the folder and returns its path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        let file = "\(path)/\(name)"
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Writes the program `text` to `name` in the folder with `mode` and returns its path, through a close-on-exec
    /// descriptor (see VMNetTestKit's `writeExecutable`): `write(_:to:)` would leave it busy to run.
    func writeExecutable(_ text: String, to name: String, mode: mode_t = 0o755) throws -> String {
        let file = "\(path)/\(name)"
        try VMNetTestKit.writeExecutable(text, to: file, mode: mode)
        return file
    }
}
