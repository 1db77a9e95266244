import Foundation

/// `vmnet serve` for one namespace, run as a child until `stop()`: the DHCP server a guest gets its lease from,
/// started from the journals in a state directory (whoever wrote them: `vmnet up` or `vmnet-cni`).
final class VMNetServe {
    /// The namespace arguments (`--netns NAME` or `--netns-path PATH`), for messages.
    private let target: [String]
    private let log: String
    private var child: ChildProcess?

    /// Starts `vmnet serve TARGET --state-dir STATE --resolv-conf RESOLV`, its output appended to `log`, and waits
    /// until it prints `serving DHCP in` (20 s at most).
    init(_ target: [String], stateDirectory: String, resolvConf: String, log: String) throws(GuestTestError) {
        self.target = target
        self.log = log
        child = try ChildProcess(
            VMNetBinary.command([]).executable,
            ["serve"] + target + ["--state-dir", stateDirectory, "--resolv-conf", resolvConf],
            stdout: log, stderr: log)
        do {
            try waitForLog("serving DHCP in")
        } catch {
            _ = stop()
            throw error
        }
    }

    deinit {
        _ = stop()
    }

    /// Stops the server if it runs (SIGTERM) and returns everything it printed: its `lease …` lines are what it
    /// granted.
    func stop() -> String {
        if let child {
            child.send(SIGTERM)
            child.wait()
            self.child = nil
        }
        return (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    }

    private func waitForLog(_ text: String) throws(GuestTestError) {
        let deadline = Date().addingTimeInterval(20)
        var printed = ""
        while Date() < deadline {
            printed = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if printed.contains(text) { return }
            guard child?.isRunning == true else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw .outputNotSeen(text: text, command: "vmnet serve \(target.joined(separator: " "))", output: printed)
    }
}
