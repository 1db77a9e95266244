import FoundationEssentials
import VMNetCore
import VMNetEngine
import VMNetPluginHost
import VMNetRuntime

/// Everything a child does for its job: load the plugin, send it the corpus and the malformed requests, judge
/// the answers, and run the live checks; each result goes to the event log as soon as it is known.
struct ChildRun {
    let job: ChildJob
    let log: EventLog

    func run() {
        let watch = OutputWatch(outputPath: job.standardOutput, errorPath: job.standardError)
        let loading = LoadingStage(path: job.plugin, log: log, watch: watch)
        if let kind = loading.kind { log.append(.kind(kind.rawValue)) }
        loading.results.forEach { log.append(.result($0)) }
        guard let plugin = loading.plugin, let raw = loading.raw else { return }
        log.append(.identity(ConformanceReport.Identity(
            kind: plugin.kind, name: plugin.name, version: plugin.version, contractVersion: plugin.contractVersion,
            loadMilliseconds: LatencyCheck.milliseconds(plugin.loadDuration))))
        // The corpus starts with loading the companions: a crash from here on belongs to it.
        log.append(.checkStarted(.contractValidate))
        let companions = Self.companions(of: plugin, in: PluginRegistry(searchPath: job.companionPath))
        let probe = PluginProbe(raw: raw, contract: plugin.contractVersion, log: log, crashed: job.crashedCalls, watch: watch)
        let cniFolder = writeNodeCNIFolder()
        var exchanges = [probe.exchange(.describe, EmptyDocument(), label: "describe")]
        var report: [CheckResult] = []
        if let what = job.crashedChecks[ConformanceCheck.contractValidate.rawValue] {
            report.append(.failed(.contractValidate, "the plugin \(what) while the corpus was sent"))
            let needCorpus = ConformanceCheck.applicable(to: plugin.kind).filter {
                $0.group != "loading" && !$0.isLive && $0 != .contractValidate && $0 != .timingLatency
            }
            report += needCorpus.map { .skipped($0, "needs the corpus, which the plugin crashed on") }
        } else {
            switch plugin.driver {
            case .binding(let binding):
                report += bindingChecks(binding, companions: companions, probe: probe, cniFolder: cniFolder, exchanges: &exchanges)
            case .backend(let backend):
                report += backendChecks(backend, companions: companions, probe: probe, cniFolder: cniFolder, exchanges: &exchanges)
            }
            report.append(ContractChecks.deterministic(exchanges))
            report.append(ContractChecks.quiet(probe.records))
        }
        report.forEach { log.append(.result($0)) }
        if let live = job.live {
            LiveChecks(
                plugin: plugin, companions: companions, live: live, cniFolder: cniFolder, log: log,
                crashedCalls: job.crashedCalls, crashedChecks: job.crashedChecks
            ).run()
        } else {
            for check in ConformanceCheck.applicable(to: plugin.kind) where check.isLive {
                log.append(.result(.skipped(check, "needs a scratch namespace: run `vmnet plugins test --netns-scratch` as root")))
            }
        }
        log.append(.result(LatencyCheck.check(probe.records, budget: job.latencyBudgetMilliseconds)))
        log.append(.timings(LatencyCheck.timings(probe.records)))
    }

    private func bindingChecks(
        _ binding: LoadedBinding, companions: DriverSet, probe: PluginProbe, cniFolder: String,
        exchanges: inout [Exchange]
    ) -> [CheckResult] {
        let drivers = DriverSet(
            bindings: [binding as any Binding] + companions.bindings.values, backends: Array(companions.backends.values))
        let run = BindingCorpusRun(
            binding: binding.manifest.name, probe: probe, drivers: drivers, cniConfigDirectory: cniFolder, log: log,
            crashed: job.crashedCalls)
        log.append(.checkStarted(.contractMalformedRequests))
        let validateBody = run.validations.first.map {
            JSONValue.encoding(BindingValidationRequest(vm: $0.vm, interfaceIndex: $0.corpusCase.interfaceIndex, config: $0.corpusCase.config))
        } ?? .object([:])
        let planBody = run.plannings.first.map { JSONValue.encoding($0.request) } ?? validateBody
        let malformed = MalformedRequest.catalogue(
            kind: .binding, name: binding.manifest.name, contract: probe.contract, validate: validateBody, plan: planBody)
        let malformedExchanges = malformed.map { probe.exchange($0.operation, $0.bytes, label: $0.label) }
        exchanges += run.validations.map(\.exchange) + run.plannings.map(\.exchange) + malformedExchanges
        var results = [
            ContractChecks.validate(run.validations.map { ($0.exchange, $0.vm) }),
            ContractChecks.plan(
                requests: run.plannings.map(\.exchange),
                problems: run.plannings.compactMap { DocumentShape.bindingPlanProblem($0.exchange, request: $0.request) },
                accepted: run.validations.filter(\.isAccepted).count, unplannable: run.unplannable),
            MalformedRequest.check(malformed, malformedExchanges),
        ]
        results.append(guarded(.capabilitiesEnforcedByCore) {
            CoreEnforcement(drivers: drivers, backends: Self.knownBackends(companions)).binding(binding.manifest)
        })
        results += BindingCapabilityChecks(
            manifest: binding.manifest, run: run, availableBackends: Set(companions.backendNames)
        ).results
        results.append(StepVocabulary.check(
            run.plannings.compactMap { planning in
                planning.exchange.result?["steps"]?.elements.map { (planning.exchange.label, $0) }
            },
            plugin: binding.manifest.name))
        return results
    }

    private func backendChecks(
        _ backend: LoadedBackend, companions: DriverSet, probe: PluginProbe, cniFolder: String,
        exchanges: inout [Exchange]
    ) -> [CheckResult] {
        let drivers = DriverSet(
            bindings: Array(companions.bindings.values), backends: [backend as any Backend] + companions.backends.values)
        let run = BackendCorpusRun(
            manifest: backend.manifest, probe: probe, drivers: drivers, cniConfigDirectory: cniFolder, log: log,
            crashed: job.crashedCalls)
        let defaultNetwork = DefaultNetwork(
            manifest: backend.manifest, backend: backend, companions: companions, probe: probe,
            cniConfigDirectory: cniFolder, log: log, crashed: job.crashedCalls)
        log.append(.checkStarted(.contractMalformedRequests))
        let validateBody = run.validations.first.map {
            JSONValue.encoding(BackendValidationRequest(
                vm: $0.vm, networkIndexes: $0.networkIndexes, config: $0.corpusCase.config, attachments: $0.corpusCase.attachments,
                defaultNetworkBackends: drivers.defaultNetworkBackends))
        } ?? .object([:])
        let planBody = run.plannings.first.map { JSONValue.encoding($0.request) } ?? validateBody
        let malformed = MalformedRequest.catalogue(
            kind: .backend, name: backend.manifest.name, contract: probe.contract, validate: validateBody, plan: planBody)
        let malformedExchanges = malformed.map { probe.exchange($0.operation, $0.bytes, label: $0.label) }
        exchanges += run.validations.map(\.exchange) + run.plannings.map(\.exchange) + malformedExchanges
            + [defaultNetwork.exchange].compactMap { $0 }
        return [
            ContractChecks.validate(run.validations.map { ($0.exchange, $0.vm) }),
            ContractChecks.plan(
                requests: run.plannings.map(\.exchange),
                problems: run.plannings.compactMap { DocumentShape.backendPlanProblem($0.exchange, request: $0.request) },
                accepted: run.validations.filter(\.isAccepted).count, unplannable: []),
            MalformedRequest.check(malformed, malformedExchanges),
            guarded(.capabilitiesEnforcedByCore) {
                CoreEnforcement(drivers: drivers, backends: Self.knownBackends(companions)).backend(backend.manifest)
            },
            defaultNetwork.result,
        ]
    }

    /// Writes the corpus's node CNI config folder into the work folder and returns its path.
    private func writeNodeCNIFolder() -> String {
        let folder = job.workFolder + "/cni"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, text) in SpecExample.nodeCNIConfigFiles {
            _ = FileManager.default.createFile(atPath: "\(folder)/\(name)", contents: Data(text.utf8))
        }
        return folder
    }

    /// Runs `body` as `check`, unless an earlier child died in it.
    private func guarded(_ check: ConformanceCheck, _ body: () -> CheckResult) -> CheckResult {
        if let what = job.crashedChecks[check.rawValue] { return .failed(check, "the plugin \(what) during this check") }
        log.append(.checkStarted(check))
        return body()
    }

    /// The companions' drivers, without any of the same kind and name as the plugin under test.
    static func companions(of plugin: LoadedPlugin, in registry: PluginRegistry) -> DriverSet {
        let others = registry.plugins.filter { $0.kind != plugin.kind || $0.name != plugin.name }
        return DriverSet(
            bindings: others.compactMap { if case .binding(let binding) = $0.driver { binding } else { nil } },
            backends: others.compactMap { if case .backend(let backend) = $0.driver { backend } else { nil } })
    }

    /// The spec's backends and the companions'.
    static func knownBackends(_ companions: DriverSet) -> [String] {
        Array(Set(["pod", "multus", "genie"] + companions.backendNames)).sorted()
    }
}

extension JSONValue {
    /// The JSON document of `value`.
    static func encoding(_ value: some Encodable) -> JSONValue {
        JSONValue(parsing: PluginProbe.encode(value)) ?? .null
    }
}
