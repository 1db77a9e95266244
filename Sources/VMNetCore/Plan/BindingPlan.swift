/// What a binding wants for one interface: the host steps in order, the DHCP server, and the guest device.
public struct BindingPlan: Codable, Sendable, Equatable {
    /// The VM interface's name.
    public var interface: String
    /// The pod interface it binds to, when it binds to one.
    public var podInterface: String?
    /// The changes to make in the pod namespace, in order.
    public var steps: [HostStep]
    /// The DHCP server to run, if the binding serves DHCP.
    public var dhcp: DHCPServerPlan?
    /// The guest's device.
    public var device: DomainDevice
    /// Why the VM cannot be live-migrated because of this interface; `nil` when it can.
    public var migrationBlocker: String?

    /// Creates a plan.
    public init(
        interface: String, podInterface: String?, steps: [HostStep] = [], dhcp: DHCPServerPlan? = nil,
        device: DomainDevice, migrationBlocker: String? = nil
    ) {
        self.interface = interface
        self.podInterface = podInterface
        self.steps = steps
        self.dhcp = dhcp
        self.device = device
        self.migrationBlocker = migrationBlocker
    }
}

/// What a binding is asked to plan: one interface, the facts of its pod interface, and its VM.
public struct BindingPlanRequest: Codable, Sendable, Equatable {
    /// The VM, after defaults.
    public var vm: VirtualMachine
    /// The index of the interface in `vm.interfaces`.
    public var interfaceIndex: Int
    /// The cluster config.
    public var config: ClusterConfig
    /// The pod interface its backend assigned, with the facts read from the namespace.
    public var podInterface: PodInterface?
    /// Whether the pod interface is the pod's primary one (`eth0`).
    public var isPrimary: Bool
    /// The user that must own the taps, so QEMU can open them.
    public var tapOwner: UInt32
    /// The group that must own the taps.
    public var tapGroup: UInt32
    /// The host PCI device allocated to the interface (an SR-IOV virtual function), if any.
    public var hostDevice: PCIAddress?

    /// Creates a request.
    public init(
        vm: VirtualMachine, interfaceIndex: Int, config: ClusterConfig, podInterface: PodInterface?, isPrimary: Bool,
        tapOwner: UInt32 = 0, tapGroup: UInt32 = 0, hostDevice: PCIAddress? = nil
    ) {
        self.vm = vm
        self.interfaceIndex = interfaceIndex
        self.config = config
        self.podInterface = podInterface
        self.isPrimary = isPrimary
        self.tapOwner = tapOwner
        self.tapGroup = tapGroup
        self.hostDevice = hostDevice
    }

    /// The interface to plan.
    public var interface: Interface { vm.interfaces![interfaceIndex] }
    /// The network the interface names.
    public var network: Network? { vm.network(named: interface.name)?.network }
}

/// Why a plan cannot be made, said so the user can act.
public struct PlanError: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    /// The message.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
