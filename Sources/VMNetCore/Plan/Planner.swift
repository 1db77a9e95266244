/// Turns a valid VM into a `VMPlan`: each backend names the pod interfaces of its networks, then each binding plans
/// its interface from that pod interface's facts. Nothing on the host changes.
public struct Planner: Sendable {
    /// Choices that are the host's, not the manifest's.
    public struct Options: Sendable, Equatable {
        /// How secondary pod interfaces are named.
        public var naming: InterfaceNaming
        /// The user that must own the taps (QEMU's).
        public var tapOwner: UInt32
        /// The group that must own the taps.
        public var tapGroup: UInt32

        /// Creates options; by default ordinal names and root-owned taps.
        public init(naming: InterfaceNaming = .ordinal, tapOwner: UInt32 = 0, tapGroup: UInt32 = 0) {
            self.naming = naming
            self.tapOwner = tapOwner
            self.tapGroup = tapGroup
        }
    }

    /// The drivers to plan with.
    public var drivers: DriverSet

    /// Creates a planner over `drivers`.
    public init(drivers: DriverSet) {
        self.drivers = drivers
    }

    /// Plans `vm`, which must have passed validation (defaults applied), against the pod's `facts`.
    public func plan(
        _ vm: VirtualMachine, config: ClusterConfig, attachments: [NetworkAttachmentDefinition] = [],
        facts: PodFacts, options: Options = Options()
    ) throws(PlanError) -> VMPlan {
        let assignments = try assignPodInterfaces(vm, config: config, attachments: attachments, naming: options.naming)
        var interfaces: [VMPlan.InterfacePlan] = []
        for (index, interface) in (vm.interfaces ?? []).enumerated() {
            guard let network = vm.network(named: interface.name)?.network, let backend = network.source?.backend,
                let method = interface.binding, let binding = drivers.bindings[method.name],
                let assignment = assignments[network.name]
            else {
                throw PlanError("interface \(interface.name) is not valid; run vmnet validate")
            }
            let request = BindingPlanRequest(
                vm: vm, interfaceIndex: index, config: config,
                podInterface: facts.interface(named: assignment.podInterface), isPrimary: assignment.isPrimary,
                tapOwner: options.tapOwner, tapGroup: options.tapGroup, hostDevice: facts.hostDevices[network.name])
            interfaces.append(
                .init(network: network.name, backend: backend, binding: method.name, isPrimary: assignment.isPrimary,
                      plan: try binding.plan(request)))
        }
        return VMPlan(name: vm.name, namespace: vm.namespace, interfaces: interfaces)
    }

    /// Asks each backend, once, for the pod interfaces of its networks.
    public func assignPodInterfaces(
        _ vm: VirtualMachine, config: ClusterConfig, attachments: [NetworkAttachmentDefinition] = [],
        naming: InterfaceNaming = .ordinal
    ) throws(PlanError) -> [String: BackendPlan.Assignment] {
        var byBackend: [(backend: String, indexes: [Int])] = []
        for (index, network) in (vm.networks ?? []).enumerated() {
            guard let backend = network.source?.backend else { continue }
            if let position = byBackend.firstIndex(where: { $0.backend == backend }) {
                byBackend[position].indexes.append(index)
            } else {
                byBackend.append((backend, [index]))
            }
        }
        var assignments: [String: BackendPlan.Assignment] = [:]
        for (name, indexes) in byBackend {
            guard let backend = drivers.backends[name] else {
                throw PlanError("no backend plugin named '\(name)' is loaded")
            }
            let request = BackendPlanRequest(
                vm: vm, networkIndexes: indexes, config: config, attachments: attachments, naming: naming)
            for assignment in try backend.plan(request).assignments {
                assignments[assignment.network] = assignment
            }
        }
        return assignments
    }
}
