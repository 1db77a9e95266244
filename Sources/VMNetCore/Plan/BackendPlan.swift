/// Which pod interface carries each of a backend's networks.
public struct BackendPlan: Codable, Sendable, Equatable {
    /// One network's pod interface.
    public struct Assignment: Codable, Sendable, Equatable {
        /// The VM network's name.
        public var network: String
        /// The pod interface's name, e.g. `eth0`, `net1`, `podb1f51a511f1`.
        public var podInterface: String
        /// Whether it is the pod's primary interface.
        public var isPrimary: Bool

        /// Creates an assignment.
        public init(network: String, podInterface: String, isPrimary: Bool) {
            self.network = network
            self.podInterface = podInterface
            self.isPrimary = isPrimary
        }
    }

    /// The assignments, in network order.
    public var assignments: [Assignment]

    /// Creates a plan.
    public init(assignments: [Assignment]) {
        self.assignments = assignments
    }
}

/// How secondary pod interfaces are named.
public enum InterfaceNaming: String, Codable, Sendable, CaseIterable {
    /// `net1`, `net2`, … in network order (KubeVirt before v1.0, and the spec's era).
    case ordinal
    /// `pod` + the first 11 hex characters of SHA-256 of the network name (KubeVirt since v1.0).
    case hashed
}

/// What a backend is asked to plan: the pod interfaces for its networks.
public struct BackendPlanRequest: Codable, Sendable, Equatable {
    /// The VM, after defaults.
    public var vm: VirtualMachine
    /// The indexes in `vm.networks` of the networks using this backend.
    public var networkIndexes: [Int]
    /// The cluster config.
    public var config: ClusterConfig
    /// The NetworkAttachmentDefinitions given with the manifests.
    public var attachments: [NetworkAttachmentDefinition]
    /// The naming scheme for secondary interfaces.
    public var naming: InterfaceNaming

    /// Creates a request.
    public init(
        vm: VirtualMachine, networkIndexes: [Int], config: ClusterConfig,
        attachments: [NetworkAttachmentDefinition] = [], naming: InterfaceNaming = .ordinal
    ) {
        self.vm = vm
        self.networkIndexes = networkIndexes
        self.config = config
        self.attachments = attachments
        self.naming = naming
    }
}
