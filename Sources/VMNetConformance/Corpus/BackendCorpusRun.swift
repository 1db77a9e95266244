import VMNetCore
import VMNetEngine

/// The corpus sent to a backend: every case validated by the core (which asks the plugin too) and by the plugin
/// directly, and every case they both accept planned with ordinal and with hashed interface names, on a node
/// whose CNI config folder holds the spec's files.
struct BackendCorpusRun {
    /// One case's validation.
    struct Validation {
        var corpusCase: CorpusCase
        /// The VM after the core's defaults.
        var vm: VirtualMachine
        /// The networks using the backend.
        var networkIndexes: [Int]
        var exchange: Exchange
        /// What the core found, the plugin's findings included; `nil` when that call crashed.
        var core: [Diagnostic]?

        /// Whether the core and the plugin accept the case.
        var isAccepted: Bool { core.map { !$0.containsErrors } ?? false }
    }

    /// One plan request.
    struct Planning {
        var corpusCase: CorpusCase
        var request: BackendPlanRequest
        var exchange: Exchange
    }

    var validations: [Validation] = []
    var plannings: [Planning] = []

    /// Sends the corpus for the backend `manifest` describes, validating with `drivers` (the backend and its
    /// companions); `cniConfigDirectory` is the node's CNI config folder.
    init(
        manifest: BackendManifest, probe: PluginProbe, drivers: DriverSet, cniConfigDirectory: String, log: EventLog,
        crashed: [String: String]
    ) {
        let validator = Validator(drivers: drivers)
        for corpusCase in CorpusCase.backend(manifest) {
            let label = "validate of \(corpusCase.label)"
            let (vm, core) = corpusCase.validated(by: validator, label: "\(label) (through the core)", log: log, crashed: crashed)
            let indexes = (vm.networks ?? []).indices.filter { vm.networks![$0].source?.backend == manifest.name }
            guard !indexes.isEmpty else { continue }
            let request = BackendValidationRequest(
                vm: vm, networkIndexes: indexes, config: corpusCase.config, attachments: corpusCase.attachments,
                defaultNetworkBackends: drivers.defaultNetworkBackends)
            let validation = Validation(
                corpusCase: corpusCase, vm: vm, networkIndexes: indexes,
                exchange: probe.exchange(.validate, request, label: label), core: core)
            validations.append(validation)
            guard validation.isAccepted else { continue }
            for naming in InterfaceNaming.allCases {
                let request = BackendPlanRequest(
                    vm: vm, networkIndexes: indexes, config: corpusCase.config, attachments: corpusCase.attachments,
                    naming: naming, cniConfigDirectory: cniConfigDirectory)
                plannings.append(Planning(
                    corpusCase: corpusCase, request: request,
                    exchange: probe.exchange(.plan, request, label: "plan of \(corpusCase.label), \(naming.rawValue) names")))
            }
        }
    }
}
