import Foundation
import Glibc

/// A command left running while the test goes on, its output in files the test reads as it comes.
final class Background {
    private let process = Process()
    private let folder: URL

    /// Starts `executable ARGS` with `environment` added to this process's.
    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vmnet-background-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["out", "err"] {
            _ = FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: nil)
        }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = FileHandle(forWritingAtPath: folder.appendingPathComponent("out").path)
        process.standardError = FileHandle(forWritingAtPath: folder.appendingPathComponent("err").path)
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    var pid: pid_t { process.processIdentifier }

    /// What it wrote on standard output so far.
    var output: String { read("out") }

    /// What it wrote on standard error so far.
    var errors: String { read("err") }

    /// Waits up to 20 s until standard output holds `text`.
    func awaitOutput(_ text: String) throws {
        try waitUntil("'\(text)' on standard output") { output.contains(text) }
    }

    /// Waits up to 20 s until standard error holds `text`.
    func awaitErrors(_ text: String) throws {
        try waitUntil("'\(text)' on standard error") { errors.contains(text) }
    }

    /// Whether it still runs.
    var isRunning: Bool { process.isRunning }

    /// Waits for it to end and returns its exit status (the signal's number when a signal ended it).
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    private func waitUntil(_ what: String, until done: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(20)
        while !done() {
            guard process.isRunning, Date() < deadline else {
                throw TestFailure("no \(what) (running: \(process.isRunning)); output: \(output) errors: \(errors)")
            }
            usleep(20_000)
        }
    }

    private func read(_ name: String) -> String {
        (try? String(contentsOfFile: folder.appendingPathComponent(name).path, encoding: .utf8)) ?? ""
    }
}
