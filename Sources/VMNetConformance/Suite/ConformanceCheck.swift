import VMNetCore

/// One check of the conformance suite, by its stable name, e.g. `contract.deterministic`.
///
/// Names are `group.check`; programs and tests match on them, and `docs/writing-a-plugin.md` explains each with
/// its fix.
public enum ConformanceCheck: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    /// The file is one vmnet would open: a regular file that only root or the caller can change, in a folder only
    /// they can write to, and `dlopen` accepts it.
    case loadingOpen = "loading.open"
    /// The file exports `vmnet_plugin_entry`, and it returns a descriptor, the same one on every call.
    case loadingEntrySymbol = "loading.entry-symbol"
    /// The descriptor has ABI version 1, a known kind and every field set.
    case loadingABI = "loading.abi"
    /// The plugin and vmnet share a contract version.
    case loadingContract = "loading.contract"
    /// `describe` answers a manifest that agrees with the descriptor and that the core can enforce.
    case loadingManifest = "loading.manifest"
    /// The file's dynamic symbol table exports the entry point and nothing else.
    case loadingExports = "loading.exports"
    /// Loading writes nothing on standard output or standard error.
    case loadingQuiet = "loading.quiet"
    /// `validate` answers a diagnostics document for every request of the corpus.
    case contractValidate = "contract.validate"
    /// `plan` answers a well-formed plan for every request of the corpus that the core and the plugin accept.
    case contractPlan = "contract.plan"
    /// The same request always gets the same answer.
    case contractDeterministic = "contract.deterministic"
    /// Malformed and unexpected requests get an error document, never a crash.
    case contractMalformedRequests = "contract.malformed-requests"
    /// Calls write nothing on standard output or standard error (vmnet's own output goes there).
    case contractQuiet = "contract.quiet"
    /// The core's checks reject what the manifest excludes (backends, config gates, reserved MACs, conflicts).
    case capabilitiesEnforcedByCore = "capabilities.enforced-by-core"
    /// The binding plans on every backend it declares.
    case capabilitiesBackends = "capabilities.backends"
    /// A binding that declares no DHCP plans no DHCP server.
    case capabilitiesDHCP = "capabilities.dhcp"
    /// A binding that declares it forwards no ports plans the same with and without ports.
    case capabilitiesPorts = "capabilities.ports"
    /// A binding that declares the NIC model has no effect plans the same whatever the model.
    case capabilitiesModel = "capabilities.model"
    /// A binding gives the guest only the address families it declares.
    case capabilitiesAddressFamilies = "capabilities.address-families"
    /// A binding blocks live migration only on the backends it declares.
    case capabilitiesMigration = "capabilities.migration"
    /// A backend that provides the default network makes it the pod's primary interface.
    case capabilitiesDefaultNetwork = "capabilities.default-network"
    /// Plans use only the executor's step vocabulary, or custom steps of the plugin's own, with sane values.
    case plansStepVocabulary = "plans.step-vocabulary"
    /// In a scratch namespace, apply then down leaves the namespace exactly as before, and a second down is fine.
    case liveApplyDown = "live.apply-down"
    /// In a scratch namespace, applying twice changes nothing the second time.
    case liveIdempotent = "live.idempotent"
    /// In a scratch namespace, a failure injected at each step rolls back everything before it.
    case liveRollback = "live.rollback"
    /// In a scratch namespace, every custom step applied is reverted, by `down` and by a rollback.
    case liveCustomSteps = "live.custom-steps"
    /// Every call's latency, per operation; a call slower than the budget fails.
    case timingLatency = "timing.latency"

    /// The group: the part of the name before the dot.
    public var group: String { String(rawValue.prefix { $0 != "." }) }

    /// Whether the check needs a scratch namespace (`--netns-scratch`, as root).
    public var isLive: Bool { group == "live" }

    /// The kinds of plugin the check applies to.
    public var kinds: Set<PluginKind> {
        switch self {
        case .capabilitiesBackends, .capabilitiesDHCP, .capabilitiesPorts, .capabilitiesModel,
            .capabilitiesAddressFamilies, .capabilitiesMigration, .plansStepVocabulary, .liveCustomSteps:
            [.binding]
        case .capabilitiesDefaultNetwork:
            [.backend]
        default:
            [.binding, .backend]
        }
    }

    /// The checks that apply to a plugin of `kind`, in the suite's order.
    public static func applicable(to kind: PluginKind) -> [ConformanceCheck] {
        allCases.filter { $0.kinds.contains(kind) }
    }

    /// The checks of loading, which every other check needs.
    static let loading: [ConformanceCheck] = allCases.filter { $0.group == "loading" }

    public var description: String { rawValue }
}
