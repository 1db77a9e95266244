import FoundationEssentials
import Glibc
import VMNetCore
import VMNetRuntime
import VMNetPluginHost

/// The conformance suite for one plugin file: every check of `ConformanceCheck` that applies to it, run the way
/// vmnet runs plugins, with a crash, an `exit` or a hang reported as a failed check instead of ending the caller.
///
/// Like swift-nio's `ByteToMessageDecoderVerifier`, it is a library, so a plugin's own tests can use it:
///
///     let report = try ConformanceSuite(plugin: ".build/debug/libVMNetBindingTap.so").run()
///     #expect(report.failedChecks == [])
///
/// The plugin runs in a child process, `vmnet-plugin-probe`: the one `VMNET_PLUGIN_PROBE` names, else the one beside
/// the running executable, else `../libexec/vmnet/vmnet-plugin-probe` from its folder. A package whose tests use
/// the suite adds vmnet's `vmnet-plugin-probe` product to the test target's dependencies, so the build puts a
/// probe of the same vmnet beside the test binary.
public struct ConformanceSuite: Sendable {
    /// How the suite runs.
    public struct Options: Sendable {
        /// Where the plugins that the corpus's VMs also need are found: backends for a binding, bindings for a
        /// backend. vmnet's built-in plugins are what it expects.
        public var companions: PluginSearchPath
        /// Whether to run the live checks in a scratch network namespace (needs root).
        public var live: Bool
        /// How long the plugin may go without answering before the child is killed and the call reported.
        public var callTimeout: Duration
        /// The slowest a single call may be.
        public var latencyBudget: Duration
        /// The backend the live checks make NAT rules with.
        public var natBackend: NATBackendChoice

        /// Creates options; by default the standard plugin search path provides the companions, no live checks.
        public init(
            companions: PluginSearchPath = .standard(), live: Bool = false, callTimeout: Duration = .seconds(30),
            latencyBudget: Duration = .seconds(1), natBackend: NATBackendChoice = .auto
        ) {
            self.natBackend = natBackend
            self.companions = companions
            self.live = live
            self.callTimeout = callTimeout
            self.latencyBudget = latencyBudget
        }
    }

    /// The plugin file under test.
    public let plugin: String
    /// How the suite runs.
    public var options: Options

    /// A suite for the plugin file `plugin`.
    public init(plugin: String, options: Options = Options()) {
        self.plugin = plugin
        self.options = options
    }

    /// Runs every check that applies to the plugin and reports each one.
    public func run() throws(ConformanceError) -> ConformanceReport {
        if options.live, geteuid() != 0 { throw .liveNeedsRoot }
        let probe = try ProbeExecutable.locate()
        let folder = try WorkFolder()
        defer { folder.remove() }
        var scratch = options.live ? try ScratchNamespace.pair(folder: folder.path) : nil
        defer { scratch?.forEach { $0.delete() } }
        let exports = Self.exports(of: plugin)
        var crashedCalls: [String: String] = [:]
        var crashedChecks: [String: String] = [:]
        var log: [ChildEvent] = []
        for attempt in 1...Self.maximumChildren {
            let what: String
            switch try runChild(
                attempt, probe: probe, folder: folder.path, scratch: scratch, crashedCalls: crashedCalls,
                crashedChecks: crashedChecks)
            {
            case .finished(let events): return report(events, exports: exports)
            case .died(let reason, let events): (what, log) = (reason, events)
            }
            // The last call or check the child announced is where it died; the next child skips it.
            let place = log.last { if case .calling = $0 { true } else if case .checkStarted = $0 { true } else { false } }
            switch place {
            case .calling(let label):
                crashedCalls[label] = what
            case .checkStarted(let check) where check.group != "loading":
                crashedChecks[check.rawValue] = what
                if check.isLive {
                    scratch?.forEach { $0.delete() }
                    scratch = try ScratchNamespace.pair(folder: folder.path)
                }
            case .checkStarted(let check):
                return report(log + [.result(.failed(check, "the plugin \(what) while loading"))], exports: exports)
            default:
                return report(
                    log + [.result(.failed(.loadingOpen, "the child process \(what) before loading the plugin"))], exports: exports)
            }
        }
        let giveUp = "the plugin ended \(Self.maximumChildren) child processes, each at another call; giving up"
        return report(log + [.result(.failed(.contractMalformedRequests, giveUp))], exports: exports)
    }

    /// How many times a run starts a child again after one died.
    static let maximumChildren = 40

    /// How a child ended, with the events it logged.
    private enum ChildEnd {
        case finished([ChildEvent])
        case died(String, [ChildEvent])
    }

    private func runChild(
        _ attempt: Int, probe: String, folder: String, scratch: [ScratchNamespace]?, crashedCalls: [String: String],
        crashedChecks: [String: String]
    ) throws(ConformanceError) -> ChildEnd {
        let job = ChildJob(
            plugin: plugin,
            companions: options.companions.folders.map { ChildJob.Folder(path: $0.path, origin: $0.origin) },
            events: "\(folder)/events-\(attempt).jsonl", standardOutput: "\(folder)/stdout-\(attempt)",
            standardError: "\(folder)/stderr-\(attempt)", workFolder: folder, crashedCalls: crashedCalls,
            crashedChecks: crashedChecks,
            live: scratch.map {
                ChildJob.Live(
                    namespace: $0[0].name, rollbackNamespace: $0[1].name, stateDirectory: "\(folder)/state-\(attempt)",
                    workFolder: folder, natBackend: options.natBackend)
            },
            latencyBudgetMilliseconds: LatencyCheck.milliseconds(options.latencyBudget))
        let jobPath = "\(folder)/job-\(attempt).json"
        guard let data = try? JSONEncoder().encode(job), FileManager.default.createFile(atPath: jobPath, contents: data) else {
            throw .workFolder(path: folder, reason: "cannot write \(jobPath)")
        }
        let pid: pid_t
        do {
            pid = try Subprocess.spawn(
                probe, [jobPath], standardOutput: job.standardOutput, standardError: job.standardError)
        } catch {
            throw .cannotStartChild(error.description)
        }
        let termination = Subprocess.wait(pid, timeout: options.callTimeout) { Self.size(of: job.events) }
        if termination == nil { Subprocess.kill(pid) }
        let log = EventLog.read(path: job.events)
        if termination == .exited(ConformanceChild.unreadableJob), log.isEmpty { throw .probeMismatch(probe: probe) }
        if termination == .exited(0), log.contains(where: { if case .finished = $0 { true } else { false } }) {
            return .finished(log)
        }
        let what: String
        switch termination {
        case nil: what = "did not answer within \(options.callTimeout)"
        case .exited(let status)?: what = "ended the process (exit status \(status); a plugin must never exit)"
        case let signaled?: what = signaled.description
        }
        return .died(what, log)
    }

    /// The report from the last child's events and the parent's own exports check.
    private func report(_ events: [ChildEvent], exports: CheckResult) -> ConformanceReport {
        var results: [ConformanceCheck: CheckResult] = [exports.check: exports]
        var identity: ConformanceReport.Identity?
        var kind: PluginKind?
        var timings: [OperationTiming] = []
        for event in events {
            switch event {
            case .result(let result): results[result.check] = result
            case .identity(let value):
                identity = value
                kind = value.kind
            case .kind(let value): kind = PluginKind(rawValue: value)
            case .timings(let value): timings = value
            default: break
            }
        }
        let applicable = kind.map(ConformanceCheck.applicable) ?? ConformanceCheck.allCases.filter { $0.kinds.count == 2 }
        let failedLoading = ConformanceCheck.loading.first { results[$0]?.outcome == .failed && $0 != .loadingExports && $0 != .loadingQuiet }
        return ConformanceReport(
            file: plugin, plugin: identity,
            results: applicable.map { check in
                results[check] ?? .skipped(check, failedLoading.map { "needs the plugin to load (\($0) failed)" } ?? "not run")
            },
            timings: timings)
    }

    /// `loading.exports`, from the file's dynamic symbol table.
    static func exports(of path: String) -> CheckResult {
        let names: [String]
        do {
            names = try ELFDynamicSymbols(path: path).names
        } catch {
            return .failed(.loadingExports, "cannot read the dynamic symbol table: \(error)")
        }
        let entry = PluginABI.entrySymbol
        let others = names.filter { $0 != entry }
        guard names.contains(entry) else {
            return .failed(.loadingExports, "it does not export \(entry) (see loading.entry-symbol)")
        }
        guard others.isEmpty else {
            let listed = others.prefix(5).joined(separator: ", ") + (others.count > 5 ? ", … (\(others.count) in all)" : "")
            return .failed(
                .loadingExports,
                "it also exports \(listed); build C with -fvisibility=hidden and Swift with the version script of "
                    + "docs/plugins.md, so a copy of shared code can never bind to vmnet's")
        }
        return .passed(.loadingExports, "it exports \(entry) and nothing else")
    }

    private static func size(of path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }
}

/// A run's private folder under the temporary folder, removed when the run ends.
private struct WorkFolder {
    let path: String

    init() throws(ConformanceError) {
        let base = ProcessEnvironment.current["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/vmnet-conformance-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw .workFolder(path: base, reason: String(cString: strerror(errno)))
        }
        path = String(cString: made)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
