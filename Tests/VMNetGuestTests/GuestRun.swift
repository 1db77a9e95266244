import Foundation

/// One boot of the test guest through Tests/Guest/run-guest.sh: the libvirt devices to
/// attach, the scenario to run, and the namespace to run it in.
struct GuestRun {
    /// Tests/Guest, found from this file's real path (through a symlinked package folder).
    static let kit = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Guest")

    /// libvirt `<interface>` elements (or a full `<domain>`).
    var devices: String
    /// A script of Tests/Guest/scenarios without `.sh`.
    var scenario: String
    /// The network namespace to run in (the pod's), or nil for the current one.
    var namespace: String?
    /// vCPUs; nil keeps run-guest.sh's choice (1, or a full domain's `<vcpu>`).
    var vcpus: Int?
    /// `vmnet.KEY=VALUE` arguments for the guest's kernel command line.
    var arguments: [String: String] = [:]
    /// Start QEMU directly instead of through libvirt.
    var direct = false
    /// run-guest.sh gives up and stops the guest after this long.
    var timeoutSeconds = 120

    /// Boots the guest, waits for the scenario to end, and returns what it reported.
    func boot() throws(GuestTestError) -> GuestReport {
        try start().finish()
    }

    /// Starts the guest and returns at once, so a test can talk to it while it runs.
    func start() throws(GuestTestError) -> RunningGuest {
        try RunningGuest(self)
    }

    /// run-guest.sh's arguments for this run.
    func scriptArguments(devicesFile: String, log: String) -> [String] {
        var result = ["--log", log, "--timeout", String(timeoutSeconds)]
        if let vcpus { result += ["--vcpus", String(vcpus)] }
        if let namespace { result += ["--netns", namespace] }
        if direct { result.append("--direct") }
        for (key, value) in arguments.sorted(by: { $0.key < $1.key }) {
            result += ["--arg", "\(key)=\(value)"]
        }
        return result + [devicesFile, scenario]
    }
}

/// A guest booted by run-guest.sh that has not finished yet.
final class RunningGuest {
    private let child: ChildProcess
    private let output: CapturedOutput
    private let directory: URL
    private let log: URL
    private var report: GuestReport?

    fileprivate init(_ run: GuestRun) throws(GuestTestError) {
        let script = GuestRun.kit.appendingPathComponent("run-guest.sh").path
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("vmnet-guest-run-\(getpid())-\(UUID().uuidString)")
        let log = directory.appendingPathComponent("serial.log")
        let devices = directory.appendingPathComponent("devices.xml")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(run.devices.utf8).write(to: devices)
        } catch {
            throw .io(path: directory.path, reason: "\(error)")
        }
        let output = try CapturedOutput()
        do {
            child = try ChildProcess(
                script, run.scriptArguments(devicesFile: devices.path, log: log.path),
                stdout: output.stdoutPath, stderr: output.stderrPath)
        } catch {
            output.remove()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        self.directory = directory
        self.log = log
        self.output = output
    }

    deinit {
        stop()
    }

    /// The serial log so far.
    var serialLog: String {
        (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    }

    /// Waits until the guest prints a line starting with `prefix` (e.g. `VMNET-READY`) and
    /// returns that line.
    func waitForLine(startingWith prefix: String, seconds: Int = 90) throws(GuestTestError) -> String {
        let deadline = Date().addingTimeInterval(TimeInterval(seconds))
        while Date() < deadline {
            let line = serialLog.split(whereSeparator: \.isNewline).first { $0.hasPrefix(prefix) }
            if let line { return String(line) }
            guard child.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw .lineNotSeen(prefix: prefix, seconds: seconds, serialLog: serialLog)
    }

    /// Waits for run-guest.sh to end (the scenario's power-off, or its timeout) and returns
    /// the guest's report; removes the run's files.
    func finish() -> GuestReport {
        if let report { return report }
        // The log file, not stdout: run-guest.sh prints the log only when it ends by itself.
        let printed = output.read(status: child.wait())
        let finished = GuestReport(serialLog: serialLog, runnerErrors: printed.stderr)
        output.remove()
        try? FileManager.default.removeItem(at: directory)
        report = finished
        return finished
    }

    /// Ends the guest now (run-guest.sh stops libvirt or QEMU on SIGTERM) and cleans up.
    func stop() {
        child.send(SIGTERM)
        _ = finish()
    }
}
