import VMNetCore
import VMNetPluginHost

/// The loading checks, run in the child: the file opened and described by vmnet's own loader, with the suite's
/// own look at the entry point and at what was printed meanwhile. `loading.exports` is the parent's: it reads
/// the file without running it.
struct LoadingStage {
    /// The results, in the suite's order, without `loading.exports`.
    private(set) var results: [CheckResult] = []
    /// The plugin, when every loading check but `loading.quiet` passed.
    private(set) var plugin: LoadedPlugin?
    /// The plugin's descriptor, for the suite's raw calls.
    private(set) var raw: RawPlugin?
    /// The kind the descriptor declares, known even when the manifest is wrong.
    private(set) var kind: PluginKind?

    /// Loads `path`; `log` hears of each stage before it starts, so a crash names the stage it happened in.
    init(path: String, log: EventLog, watch: OutputWatch) {
        let mark = watch.mark()
        // The suite opens the file itself first, to tell a crash in dlopen, in the entry point and in describe
        // apart; it never opens a file vmnet's loader would refuse to.
        let entry = RawEntry.open(path) { log.append(.checkStarted($0)) }
        if case .descriptor(let address, let kind) = entry {
            raw = RawPlugin(descriptor: address)
            self.kind = PluginKind(abiValue: kind)
        }
        log.append(.checkStarted(.loadingManifest))
        let loaded: Result<LoadedPlugin, LoaderError>
        do {
            loaded = .success(try PluginLoader().load(path))
        } catch {
            loaded = .failure(error)
        }
        let output = watch.written(since: mark)
        results = Self.verdicts(loaded, entry: entry)
        results.append(
            output.map { .failed(.loadingQuiet, "loading wrote \($0); a plugin must print nothing (vmnet's own output goes there)") }
                ?? .passed(.loadingQuiet, "loading wrote nothing on standard output or standard error"))
        if case .success(let plugin) = loaded, !results.contains(where: { $0.outcome == .failed && $0.check != .loadingQuiet }) {
            self.plugin = plugin
            kind = plugin.kind
        }
    }

    /// The checks up to `loading.manifest`: the one that failed, passes before it and skips after it.
    private static func verdicts(_ loaded: Result<LoadedPlugin, LoaderError>, entry: RawEntry.Outcome?) -> [CheckResult] {
        let order: [ConformanceCheck] = [.loadingOpen, .loadingEntrySymbol, .loadingABI, .loadingContract, .loadingManifest]
        var failure: (ConformanceCheck, String)?
        switch loaded {
        case .failure(let error):
            failure = (check(for: error), error.message)
        case .success:
            if case .unstable = entry {
                failure = (.loadingEntrySymbol, "vmnet_plugin_entry returned another descriptor on its second call; return the same one every time (vmnet may call it again)")
            }
        }
        let passed: [ConformanceCheck: String] = [
            .loadingOpen: "a regular file only root or the caller can change, in a folder only they can write to, and dlopen accepts it",
            .loadingEntrySymbol: "vmnet_plugin_entry returns the same descriptor on every call",
            .loadingABI: "ABI version 1, a known kind, every descriptor field set",
            .loadingContract: "it shares contract version \(ContractVersion.supported.map(\.description).joined(separator: ", ")) with vmnet",
            .loadingManifest: "describe answers a usable manifest that agrees with the descriptor",
        ]
        guard let (failed, reason) = failure else { return order.map { .passed($0, passed[$0]!) } }
        let position = order.firstIndex(of: failed)!
        return order[..<position].map { .passed($0, passed[$0]!) } + [.failed(failed, reason)]
            + order[(position + 1)...].map { .skipped($0, "needs \(failed)") }
    }

    /// The loading check a refusal belongs to.
    static func check(for error: LoaderError) -> ConformanceCheck {
        switch error {
        case .unreadable, .writableByOthers, .untrustedOwner, .writableFolder, .openFailed, .duplicateName, .changedSinceDescribed: .loadingOpen
        case .missingEntrySymbol: .loadingEntrySymbol
        case .malformedDescriptor(_, let problem) where problem.contains("returned NULL"): .loadingEntrySymbol
        case .unknownABI, .unknownKind, .malformedDescriptor: .loadingABI
        case .noCommonContract: .loadingContract
        case .invalidManifest, .manifestKindMismatch, .manifestMismatch: .loadingManifest
        }
    }
}
