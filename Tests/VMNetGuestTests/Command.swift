import Foundation
import VMNetTestKit

/// A program run to completion with VMNetTestKit's runner, its failures as `GuestTestError`.
struct Command {
    private let command: VMNetTestKit.Command
    /// The file its standard input reads.
    let stdin: String

    init(_ executable: String, _ arguments: [String], stdin: String = "/dev/null") {
        command = VMNetTestKit.Command(executable, arguments)
        self.stdin = stdin
    }

    /// The program's path.
    var executable: String { command.executable }

    /// The command as a shell user would type it, for messages.
    var line: String { command.line }

    /// Runs the command and returns its output whatever its status.
    func run() throws(GuestTestError) -> CommandResult {
        var command = command
        if stdin != "/dev/null" {
            guard let input = try? String(contentsOfFile: stdin, encoding: .utf8) else {
                throw .io(path: stdin, reason: "cannot be read as the standard input of \(line)")
            }
            command.input = input
        }
        do {
            return try command.run()
        } catch {
            throw .cannotStart(command: line, reason: error.description)
        }
    }

    /// Runs the command and returns its standard output, throwing unless it exits 0.
    @discardableResult
    func check() throws(GuestTestError) -> String {
        let output = try run()
        guard output.status == 0 else {
            throw .commandFailed(command: line, status: output.status, stderr: output.stderr)
        }
        return output.stdout
    }
}

/// A temporary directory holding the files a child's standard output and error go to.
struct CapturedOutput {
    private let directory: URL

    init() throws(GuestTestError) {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("vmnet-guest-output-\(getpid())-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory.path, reason: "\(error)")
        }
    }

    var stdoutPath: String { directory.appendingPathComponent("stdout").path }
    var stderrPath: String { directory.appendingPathComponent("stderr").path }

    /// Both streams as text, once the child has exited.
    func read(status: Int32) -> CommandResult {
        CommandResult(status: status, stdout: Self.text(stdoutPath), stderr: Self.text(stderrPath))
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    private static func text(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
