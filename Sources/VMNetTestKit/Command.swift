import FoundationEssentials
import Glibc

/// What a finished command printed and how it ended.
public struct CommandResult: Sendable, Equatable {
    /// The process's id, while it ran.
    public var pid: pid_t
    /// The exit status, or 128 + the signal that ended it (as a shell reports it).
    public var status: Int32
    /// The signal that ended it, if one did.
    public var signal: Int32?
    /// Everything written to standard output.
    public var stdout: String
    /// Everything written to standard error.
    public var stderr: String
    /// Whether it was killed because it outlived its timeout.
    public var timedOut: Bool

    /// Whether it exited with status 0.
    public var succeeded: Bool { status == 0 && !timedOut }

    /// Creates a result.
    public init(
        pid: pid_t = 0, status: Int32, signal: Int32? = nil, stdout: String, stderr: String, timedOut: Bool = false
    ) {
        self.pid = pid
        self.status = status
        self.signal = signal
        self.stdout = stdout
        self.stderr = stderr
        self.timedOut = timedOut
    }
}

/// Why a command could not be run, or (for `check`) did not succeed.
public struct CommandError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, with the command line.
    public var description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}

/// A program run to its end with `posix_spawn`, its output captured in files so that neither stream can fill a
/// pipe and stall it, and waited for with `waitpid` (a daemon it forks does not keep the wait going).
public struct Command: Sendable {
    /// The program: an absolute path, or a name looked up in `PATH` and the system folders (`ip` is in /usr/sbin).
    public var executable: String
    /// Its arguments, without the program itself.
    public var arguments: [String]
    /// Variables to set in (a value) or remove from (`nil`) this process's environment for the command.
    public var environment: [String: String?]
    /// Whether the command starts from this process's environment; when not, `environment` is all it gets.
    public var inheritsEnvironment: Bool
    /// Text for its standard input; `nil` reads /dev/null.
    public var input: String?
    /// The folder it runs in; `nil` is this process's.
    public var directory: String?
    /// How long it may run before it is killed (SIGKILL); `nil` waits for ever.
    public var timeout: Duration?

    /// Describes a command.
    public init(
        _ executable: String, _ arguments: [String] = [], environment: [String: String?] = [:],
        inheritsEnvironment: Bool = true, input: String? = nil, directory: String? = nil, timeout: Duration? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.inheritsEnvironment = inheritsEnvironment
        self.input = input
        self.directory = directory
        self.timeout = timeout
    }

    /// The command as a shell user would type it, for messages.
    public var line: String { ([executable] + arguments).joined(separator: " ") }

    /// Runs the command; `until` is asked while it runs and, once it is true, the command is ended with SIGTERM
    /// (SIGKILL after 3 s) and counts as finished.
    /// - Throws: `CommandError` when it cannot be started.
    @discardableResult
    public func run(until done: () -> Bool = { false }) throws(CommandError) -> CommandResult {
        guard let path = Self.path(of: executable) else { throw CommandError("\(executable): no such program") }
        let folder = try Self.temporaryFolder()
        defer { _ = try? FileManager.default.removeItem(atPath: folder) }
        let stdin = folder + "/stdin", stdout = folder + "/stdout", stderr = folder + "/stderr"
        if let input { _ = FileManager.default.createFile(atPath: stdin, contents: Data(input.utf8)) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, input == nil ? "/dev/null" : stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // env -C, as posix_spawn_file_actions_addchdir_np is out of Swift's reach.
        let words = directory.map { ["/usr/bin/env", "-C", $0, path] } ?? [path]
        let argv = (words + arguments).map { strdup($0) } + [nil]
        let envp = environmentEntries().map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        var rc = posix_spawn(&pid, words[0], &actions, nil, argv, envp)
        // An executable a test has just written (a copied vmnet, a script) is "busy" while a child that another
        // thread is forking at that moment holds the inherited write descriptor, until that child execs: gone
        // within milliseconds, so try again for up to a second.
        for _ in 0..<50 where rc == ETXTBSY {
            usleep(20_000)
            rc = posix_spawn(&pid, words[0], &actions, nil, argv, envp)
        }
        guard rc == 0 else { throw CommandError("\(line): cannot start: \(String(cString: strerror(rc)))") }
        let (status, timedOut) = Self.wait(pid, timeout: timeout, until: done)
        let signal = status & 0x7f == 0 ? nil : status & 0x7f
        return CommandResult(
            pid: pid, status: signal.map { 128 + $0 } ?? (status >> 8) & 0xff, signal: signal, stdout: Self.text(stdout),
            stderr: Self.text(stderr), timedOut: timedOut)
    }

    /// Runs the command and returns its standard output, throwing with its standard error unless it exits 0.
    @discardableResult
    public func check() throws(CommandError) -> String {
        let result = try run()
        guard result.succeeded else {
            throw CommandError("\(line) \(result.timedOut ? "timed out" : "exited with \(result.status)"): \(result.stderr)\(result.stdout)")
        }
        return result.stdout
    }

    /// The full path of the program `name`: itself when it holds a `/`, else the first in `PATH` or the system
    /// folders.
    public static func path(of name: String) -> String? {
        if name.contains("/") { return name }
        let path = getenv("PATH").map { String(cString: $0) } ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        return folders.map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }

    private func environmentEntries() -> [String] {
        var variables: [(String, String)] = []
        var entry = environ
        while inheritsEnvironment, let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                variables.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
            }
            entry += 1
        }
        variables.removeAll { environment.keys.contains($0.0) }
        variables += environment.compactMap { key, value in value.map { (key, $0) } }
        return variables.map { "\($0)=\($1)" }
    }

    private static func wait(_ pid: pid_t, timeout: Duration?, until done: () -> Bool) -> (status: Int32, timedOut: Bool) {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + $0 }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno != EINTR) { return (status, false) }
            if let deadline, clock.now >= deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                return (status, true)
            }
            if done() {
                kill(pid, SIGTERM)
                let grace = clock.now + .seconds(3)
                while waitpid(pid, &status, WNOHANG) == 0 {
                    if clock.now >= grace {
                        kill(pid, SIGKILL)
                        waitpid(pid, &status, 0)
                        break
                    }
                    usleep(20_000)
                }
                return (status, false)
            }
            usleep(5_000)
        }
    }

    private static func temporaryFolder() throws(CommandError) -> String {
        var template = Array("/tmp/vmnet-command-XXXXXX".utf8CString)
        guard let folder = mkdtemp(&template) else { throw CommandError("mkdtemp: \(String(cString: strerror(errno)))") }
        return String(cString: folder)
    }

    private static func text(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
}
