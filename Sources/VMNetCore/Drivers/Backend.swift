/// A backend driver: where a network comes from (`pod`, `multus`, `genie`).
///
/// A backend declares its constraints in its manifest, which the core enforces, and checks whatever else only it
/// knows in `validate`, seeing all of the VM's networks that use it at once.
public protocol Backend: Sendable {
    /// What the backend is and what it can do.
    var manifest: BackendManifest { get }

    /// Checks the networks of a VM that use this backend, beyond what the manifest declares.
    func validate(_ request: BackendValidationRequest) -> [Diagnostic]

    /// Names the pod interface that carries each of the VM's networks using this backend.
    func plan(_ request: BackendPlanRequest) throws(PlanError) -> BackendPlan
}

extension Backend {
    /// Backends with nothing to check beyond their manifest need not implement `validate`.
    public func validate(_ request: BackendValidationRequest) -> [Diagnostic] { [] }
}

/// What a backend is asked to check: the VM's networks that use it.
public struct BackendValidationRequest: Codable, Sendable, Equatable {
    /// The VM, after defaults.
    public var vm: VirtualMachine
    /// The indexes in `vm.networks` of the networks using this backend, in order.
    public var networkIndexes: [Int]
    /// The cluster config.
    public var config: ClusterConfig
    /// The NetworkAttachmentDefinitions given with the manifests.
    public var attachments: [NetworkAttachmentDefinition]
    /// The loaded backends that provide the pod's own network (`providesDefaultNetwork`), for a backend whose
    /// rules concern the pod network; new in contract 1.3 (a host before it sends none: empty).
    public var defaultNetworkBackends: [String]

    /// Creates a request.
    public init(
        vm: VirtualMachine, networkIndexes: [Int], config: ClusterConfig,
        attachments: [NetworkAttachmentDefinition] = [], defaultNetworkBackends: [String] = []
    ) {
        self.vm = vm
        self.networkIndexes = networkIndexes
        self.config = config
        self.attachments = attachments
        self.defaultNetworkBackends = defaultNetworkBackends
    }

    private enum CodingKeys: String, CodingKey {
        case vm, networkIndexes, config, attachments, defaultNetworkBackends
    }

    /// Decodes a request; one of a contract before 1.3 names no default-network backend.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            vm: try container.decode(VirtualMachine.self, forKey: .vm),
            networkIndexes: try container.decode([Int].self, forKey: .networkIndexes),
            config: try container.decode(ClusterConfig.self, forKey: .config),
            attachments: try container.decode([NetworkAttachmentDefinition].self, forKey: .attachments),
            defaultNetworkBackends: try container.decodeIfPresent([String].self, forKey: .defaultNetworkBackends) ?? [])
    }

    /// The networks to check with their indexes.
    public var networks: [(index: Int, network: Network)] {
        networkIndexes.map { ($0, vm.networks![$0]) }
    }

    /// The path of the option `key` of the network at `index`, e.g. `spec.networks[1].multus.networkName`.
    public func optionPath(_ index: Int, _ key: String) -> FieldPath {
        let source = vm.networks![index].source?.backend ?? ""
        return vm.networkPath(index).appending(source).appending(key)
    }
}

extension BackendValidationRequest {
    /// An error for each network whose string option `key` is missing or empty; KubeVirt reports only the first.
    public func requireOption(_ key: String, rule: String, message: String) -> [Diagnostic] {
        networks.compactMap { index, network in
            let value = network.source?.options[key]?.stringValue ?? ""
            return value.isEmpty ? .error(rule, at: optionPath(index, key), message) : nil
        }
    }
}
