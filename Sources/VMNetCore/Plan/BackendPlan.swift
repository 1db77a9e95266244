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
        /// The NetworkAttachmentDefinition the network uses, as `namespace/name`, for backends that use them.
        public var attachment: String?
        /// What the backend wants a person reading the plan to know of the assignment, by label, e.g. the
        /// `CNI config` file it picked on the node: `vmnet plan` shows each as `label: value`, in label order.
        public var details: [String: String]
        /// Whether the pod interface must have an IP address (a multus default network's delegate must return one);
        /// the planner checks it against the pod's facts.
        public var requiresAddress: Bool

        /// Creates an assignment.
        public init(
            network: String, podInterface: String, isPrimary: Bool, attachment: String? = nil, details: [String: String] = [:],
            requiresAddress: Bool = false
        ) {
            self.network = network
            self.podInterface = podInterface
            self.isPrimary = isPrimary
            self.attachment = attachment
            self.details = details
            self.requiresAddress = requiresAddress
        }

        /// Decodes an assignment; `details` and `requiresAddress` may be left out (plugins written before they
        /// existed).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            network = try container.decode(String.self, forKey: .network)
            podInterface = try container.decode(String.self, forKey: .podInterface)
            isPrimary = try container.decode(Bool.self, forKey: .isPrimary)
            attachment = try container.decodeIfPresent(String.self, forKey: .attachment)
            details = try container.decodeIfPresent([String: String].self, forKey: .details) ?? [:]
            requiresAddress = try container.decodeIfPresent(Bool.self, forKey: .requiresAddress) ?? false
        }
    }

    /// The assignments, in network order.
    public var assignments: [Assignment]
    /// The annotations the launcher pod needs for these networks, e.g. `k8s.v1.cni.cncf.io/networks`.
    public var annotations: [String: String]

    /// Creates a plan.
    public init(assignments: [Assignment], annotations: [String: String] = [:]) {
        self.assignments = assignments
        self.annotations = annotations
    }

    /// Decodes a plan; annotations may be left out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        assignments = try container.decode([Assignment].self, forKey: .assignments)
        annotations = try container.decodeIfPresent([String: String].self, forKey: .annotations) ?? [:]
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
    /// The node's CNI config folder (`/etc/cni/net.d`), for backends that choose a network from it; `nil` when
    /// planning off the node (pod annotations), where nothing is resolved from it.
    public var cniConfigDirectory: String?
    /// The launcher pod's annotations when the pod exists (its `k8s.v1.cni.cncf.io/network-status` tells which
    /// pod interface each attachment really got, which takes precedence over the naming scheme); `nil` when
    /// planning before the pod exists. Backends read the ones they know.
    public var podAnnotations: [String: String]?

    /// The CNI config folder of a node.
    public static let defaultCNIConfigDirectory = "/etc/cni/net.d"
    /// The pod annotation in which Kubernetes' network plumbing (Multus and other meta-plugins) reports what each
    /// CNI delegate attached: a JSON array of `{name, interface, ips, mac, default, device-info}`.
    public static let networkStatusAnnotation = "k8s.v1.cni.cncf.io/network-status"

    /// Creates a request.
    public init(
        vm: VirtualMachine, networkIndexes: [Int], config: ClusterConfig,
        attachments: [NetworkAttachmentDefinition] = [], naming: InterfaceNaming = .ordinal,
        cniConfigDirectory: String? = BackendPlanRequest.defaultCNIConfigDirectory,
        podAnnotations: [String: String]? = nil
    ) {
        self.vm = vm
        self.networkIndexes = networkIndexes
        self.config = config
        self.attachments = attachments
        self.naming = naming
        self.cniConfigDirectory = cniConfigDirectory
        self.podAnnotations = podAnnotations
    }

    private enum CodingKeys: String, CodingKey {
        case vm, networkIndexes, config, attachments, naming, cniConfigDirectory, podAnnotations
        /// Before 1.3: the network-status annotation's array itself.
        case networkStatus
    }

    /// Decodes a request; one in a form before 1.3 carries the network-status array, which becomes the annotation.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        vm = try container.decode(VirtualMachine.self, forKey: .vm)
        networkIndexes = try container.decode([Int].self, forKey: .networkIndexes)
        config = try container.decode(ClusterConfig.self, forKey: .config)
        attachments = try container.decode([NetworkAttachmentDefinition].self, forKey: .attachments)
        naming = try container.decode(InterfaceNaming.self, forKey: .naming)
        cniConfigDirectory = try container.decodeIfPresent(String.self, forKey: .cniConfigDirectory)
        podAnnotations = try container.decodeIfPresent([String: String].self, forKey: .podAnnotations)
        if podAnnotations == nil, let status = try container.decodeIfPresent(JSONValue.self, forKey: .networkStatus) {
            podAnnotations = [Self.networkStatusAnnotation: status.compactText]
        }
    }

    /// Encodes a request: from 1.3 on with the pod's annotations, before with the network-status array that those
    /// versions define (and no other annotation).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(vm, forKey: .vm)
        try container.encode(networkIndexes, forKey: .networkIndexes)
        try container.encode(config, forKey: .config)
        try container.encode(attachments, forKey: .attachments)
        try container.encode(naming, forKey: .naming)
        try container.encodeIfPresent(cniConfigDirectory, forKey: .cniConfigDirectory)
        if encoder.wantsDriverNeutralForms {
            try container.encodeIfPresent(podAnnotations, forKey: .podAnnotations)
        } else if let text = podAnnotations?[Self.networkStatusAnnotation], let status = JSONValue(parsing: text) {
            try container.encode(status, forKey: .networkStatus)
        }
    }
}
