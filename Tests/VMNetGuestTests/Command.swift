import Foundation

/// What a finished command printed and how it exited.
struct CommandOutput {
    /// The exit status (128 + signal if a signal ended it).
    let status: Int32
    /// Everything written to standard output.
    let stdout: String
    /// Everything written to standard error.
    let stderr: String
}

/// A program run to completion, its output captured in files so that neither stream can
/// fill a pipe and stall it.
struct Command {
    /// The program's absolute path.
    let executable: String
    /// Its arguments, without the program itself.
    let arguments: [String]
    /// The file its standard input reads.
    let stdin: String

    init(_ executable: String, _ arguments: [String], stdin: String = "/dev/null") {
        self.executable = executable
        self.arguments = arguments
        self.stdin = stdin
    }

    /// The command as a shell user would type it, for messages.
    var line: String { ([executable] + arguments).joined(separator: " ") }

    /// Runs the command and returns its output whatever its status.
    func run() throws(GuestTestError) -> CommandOutput {
        let output = try CapturedOutput()
        defer { output.remove() }
        let child = try ChildProcess(
            executable, arguments, stdin: stdin, stdout: output.stdoutPath, stderr: output.stderrPath)
        return output.read(status: child.wait())
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
    func read(status: Int32) -> CommandOutput {
        CommandOutput(status: status, stdout: Self.text(stdoutPath), stderr: Self.text(stderrPath))
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    private static func text(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
