import VMNetCore
import VMNetEngine

/// The corpus sent to a binding: every case validated by the core (which asks the plugin too) and by the plugin
/// directly, and every case they both accept planned, with ordinal and hashed pod interface names and with an
/// IPv4-only and a dual-stack pod.
struct BindingCorpusRun {
    /// One case's validation.
    struct Validation {
        var corpusCase: CorpusCase
        /// The VM after the core's defaults.
        var vm: VirtualMachine
        var exchange: Exchange
        /// What the core found, the plugin's findings included; `nil` when that call crashed.
        var core: [Diagnostic]?

        /// Whether the core and the plugin accept the case.
        var isAccepted: Bool { core.map { !$0.containsErrors } ?? false }
    }

    /// One plan request.
    struct Planning {
        var corpusCase: CorpusCase
        var request: BindingPlanRequest
        /// The backend of the interface's network.
        var backend: String
        var withIPv6: Bool
        var exchange: Exchange
    }

    var validations: [Validation] = []
    var plannings: [Planning] = []
    /// Accepted cases that could not be planned, with why (a backend the companions lack).
    var unplannable: [String] = []

    /// Sends the corpus for `binding`, validating with `drivers` (the binding and its companions).
    init(
        binding: String, probe: PluginProbe, drivers: DriverSet, cniConfigDirectory: String, log: EventLog,
        crashed: [String: String]
    ) {
        let validator = Validator(drivers: drivers)
        for corpusCase in CorpusCase.binding(binding) {
            let label = "validate of \(corpusCase.label)"
            let (vm, core) = corpusCase.validated(by: validator, label: "\(label) (through the core)", log: log, crashed: crashed)
            guard corpusCase.interfaceIndex < (vm.interfaces ?? []).count else { continue }
            let request = BindingValidationRequest(vm: vm, interfaceIndex: corpusCase.interfaceIndex, config: corpusCase.config)
            let validation = Validation(
                corpusCase: corpusCase, vm: vm, exchange: probe.exchange(.validate, request, label: label), core: core)
            validations.append(validation)
            if validation.isAccepted { plan(validation, probe: probe, drivers: drivers, cniConfigDirectory: cniConfigDirectory) }
        }
    }

    private mutating func plan(_ validation: Validation, probe: PluginProbe, drivers: DriverSet, cniConfigDirectory: String) {
        let corpusCase = validation.corpusCase
        let vm = validation.vm
        let interface = vm.interfaces![corpusCase.interfaceIndex]
        guard let network = vm.network(named: interface.name)?.network, let backend = network.source?.backend else { return }
        var sent: [BindingPlanRequest] = []
        for naming in InterfaceNaming.allCases {
            let assignments: [String: BackendPlan.Assignment]
            do {
                assignments = try Planner(drivers: drivers).assignPodInterfaces(
                    vm, config: corpusCase.config, attachments: corpusCase.attachments,
                    options: Planner.Options(naming: naming, cniConfigDirectory: cniConfigDirectory))
            } catch {
                unplannable.append("\(corpusCase.label): \(error.message)")
                return
            }
            guard let assignment = assignments[network.name] else { continue }
            let ordered = (vm.networks ?? []).compactMap { assignments[$0.name] }
            let dualStack = corpusCase.variant == .asWritten || corpusCase.variant == .decorated
            for withIPv6 in dualStack ? [false, true] : [false] {
                let facts = CorpusPod.facts(for: ordered, networks: (vm.networks ?? []).map(\.name), withIPv6: withIPv6)
                let request = BindingPlanRequest(
                    vm: vm, interfaceIndex: corpusCase.interfaceIndex, config: corpusCase.config,
                    podInterface: facts.interface(named: assignment.podInterface), isPrimary: assignment.isPrimary,
                    tapOwner: 107, tapGroup: 107, hostDevice: facts.hostDevices[network.name])
                guard !sent.contains(request) else { continue }
                sent.append(request)
                let label = "plan of \(corpusCase.label), pod interface \(assignment.podInterface)"
                    + (withIPv6 ? ", dual-stack pod" : "")
                plannings.append(Planning(
                    corpusCase: corpusCase, request: request, backend: backend, withIPv6: withIPv6,
                    exchange: probe.exchange(.plan, request, label: label)))
            }
        }
    }
}
