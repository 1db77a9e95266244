import FoundationEssentials
import Glibc

/// Processes started with `posix_spawn`, their output in files: the suite's children and the `ip` and
/// `iptables-legacy-save` commands of the live checks.
enum Subprocess {
    /// How a process ended.
    enum Termination: Equatable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// A signal killed it.
        case signaled(Int32)

        /// `exited with status 3`, `crashed with SIGSEGV`.
        var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signaled(let signal): "crashed with \(Self.name(of: signal))"
            }
        }

        static func name(of signal: Int32) -> String {
            let names: [Int32: String] = [
                SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGFPE: "SIGFPE",
                SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGTRAP: "SIGTRAP",
            ]
            return names[signal] ?? "signal \(signal)"
        }
    }

    /// A command's outcome.
    struct Output {
        var termination: Termination
        var standardOutput: String
        var standardError: String
    }

    /// Why a process could not be started.
    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `executable` with `arguments` and this process's environment, its standard output and error going to
    /// (truncated) files.
    static func spawn(
        _ executable: String, _ arguments: [String], standardOutput: String, standardError: String
    ) throws(SpawnError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, standardError, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard status == 0 else {
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return pid
    }

    /// Waits for `pid` to end; `nil` when it is still running after `timeout` of silence, as `progress` (called
    /// while waiting) measures it: whenever its value changes, the wait starts over.
    static func wait(_ pid: pid_t, timeout: Duration, progress: () -> Int = { 0 }) -> Termination? {
        let clock = ContinuousClock()
        var lastProgress = progress()
        var deadline = clock.now + timeout
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return termination(status) }
            if result < 0 && errno != EINTR { return .exited(-1) }
            let now = progress()
            if now != lastProgress {
                lastProgress = now
                deadline = clock.now + timeout
            }
            if clock.now > deadline { return nil }
            usleep(2_000)
        }
    }

    /// Kills `pid` and reaps it.
    static func kill(_ pid: pid_t) {
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    /// Runs a command to its end (at most a minute), with its output in files of `folder`.
    static func run(_ executable: String, _ arguments: [String], folder: String) throws(SpawnError) -> Output {
        let output = folder + "/command.out", error = folder + "/command.err"
        let pid = try spawn(executable, arguments, standardOutput: output, standardError: error)
        guard let termination = wait(pid, timeout: .seconds(60)) else {
            kill(pid)
            throw SpawnError(description: "\(executable) \(arguments.joined(separator: " ")) did not finish within a minute")
        }
        return Output(
            termination: termination,
            standardOutput: String(decoding: FileManager.default.contents(atPath: output) ?? Data(), as: UTF8.self),
            standardError: String(decoding: FileManager.default.contents(atPath: error) ?? Data(), as: UTF8.self))
    }

    /// The full path of the tool `name`, from `PATH` and the system folders (`ip` lives in /usr/sbin).
    static func tool(_ name: String) -> String? {
        let path = ProcessEnvironment.current["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        return folders.map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }

    private static func termination(_ status: Int32) -> Termination {
        status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
    }
}

/// The process's environment variables.
enum ProcessEnvironment {
    /// The current environment, read from `environ`.
    static var current: [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return variables
    }
}
