import VMNetCore
/// Everything vmnet would do for one VM: each interface's plan, in interface order, and the migration verdict.
public struct VMPlan: Codable, Sendable, Equatable {
    /// One interface's plan with where it comes from.
    public struct InterfacePlan: Codable, Sendable, Equatable {
        /// The VM network's name (equal to the interface's).
        public var network: String
        /// The backend driver.
        public var backend: String
        /// The binding driver.
        public var binding: String
        /// Whether the pod interface is the pod's primary one.
        public var isPrimary: Bool
        /// The NetworkAttachmentDefinition (`namespace/name`) the network uses, if its backend uses one.
        public var attachment: String?
        /// What the backend wants a person reading the plan to know of the assignment, by label.
        public var details: [String: String]
        /// The binding's plan.
        public var plan: BindingPlan

        /// Creates an interface plan.
        public init(
            network: String, backend: String, binding: String, isPrimary: Bool, attachment: String? = nil,
            details: [String: String] = [:], plan: BindingPlan
        ) {
            self.network = network
            self.backend = backend
            self.binding = binding
            self.isPrimary = isPrimary
            self.attachment = attachment
            self.details = details
            self.plan = plan
        }

        /// Decodes an interface plan; `details` may be left out (journals written before it existed, whose
        /// `cniConfigFile` is ignored).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                network: try container.decode(String.self, forKey: .network),
                backend: try container.decode(String.self, forKey: .backend),
                binding: try container.decode(String.self, forKey: .binding),
                isPrimary: try container.decode(Bool.self, forKey: .isPrimary),
                attachment: try container.decodeIfPresent(String.self, forKey: .attachment),
                details: try container.decodeIfPresent([String: String].self, forKey: .details) ?? [:],
                plan: try container.decode(BindingPlan.self, forKey: .plan))
        }
    }

    /// Creates a plan.
    public init(name: String, namespace: String, interfaces: [InterfacePlan]) {
        self.name = name
        self.namespace = namespace
        self.interfaces = interfaces
    }

    /// The VM's name.
    public var name: String
    /// The VM's namespace.
    public var namespace: String
    /// The interface plans.
    public var interfaces: [InterfacePlan]

    /// Why the VM cannot be live-migrated, one reason per interface that prevents it.
    public var migrationBlockers: [String] { interfaces.compactMap(\.plan.migrationBlocker) }
    /// Whether the VM can be live-migrated as far as networking is concerned.
    public var isMigratable: Bool { migrationBlockers.isEmpty }
    /// The guest's network devices, in interface order.
    public var devices: DomainDevices { DomainDevices(interfaces.map(\.plan.device)) }
    /// Every host step, interface by interface.
    public var steps: [HostStep] { interfaces.flatMap(\.plan.steps) }
}
