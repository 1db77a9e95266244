import VMNetCore
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
        /// The node's CNI config folder; `nil` off the node.
        public var cniConfigDirectory: String?
        /// The launcher pod's annotations, when the pod exists; backends read theirs (the network-status one
        /// names the pod interfaces).
        public var podAnnotations: [String: String]?
        /// Pod interface names the caller knows, by network name; they win over the backends' (a CNI request
        /// names the interface it attaches).
        public var podInterfaces: [String: String]

        /// Creates options; by default ordinal names, root-owned taps, `/etc/cni/net.d`, no pod annotations and no
        /// pod interface named by the caller.
        public init(
            naming: InterfaceNaming = .ordinal, tapOwner: UInt32 = 0, tapGroup: UInt32 = 0,
            cniConfigDirectory: String? = BackendPlanRequest.defaultCNIConfigDirectory,
            podAnnotations: [String: String]? = nil, podInterfaces: [String: String] = [:]
        ) {
            self.naming = naming
            self.tapOwner = tapOwner
            self.tapGroup = tapGroup
            self.cniConfigDirectory = cniConfigDirectory
            self.podAnnotations = podAnnotations
            self.podInterfaces = podInterfaces
        }
    }

    /// The drivers to plan with.
    public var drivers: DriverSet

    /// Creates a planner over `drivers`.
    public init(drivers: DriverSet) {
        self.drivers = drivers
    }

    /// Plans `vm`, which must have passed validation (defaults applied), against the pod's `facts`. Interfaces
    /// with `state: absent` and their networks are left out, as if the VM did not list them.
    public func plan(
        _ vm: VirtualMachine, config: ClusterConfig, attachments: [NetworkAttachmentDefinition] = [],
        facts: PodFacts, options: Options = Options()
    ) throws(PlanError) -> VMPlan {
        let vm = vm.withoutAbsentInterfaces
        let assignments = try assignPodInterfaces(vm, config: config, attachments: attachments, options: options)
        var interfaces: [VMPlan.InterfacePlan] = []
        for (index, interface) in (vm.interfaces ?? []).enumerated() {
            guard let network = vm.network(named: interface.name)?.network, let backend = network.source?.backend,
                let method = interface.binding, let binding = drivers.bindings[method.name]
            else {
                throw PlanError("interface \(interface.name) is not valid; run vmnet validate")
            }
            guard let assignment = assignments[network.name] else {
                throw PlanError("the backend plugin '\(backend)' gave network \(network.name) no pod interface; nothing was changed")
            }
            let podInterface = facts.interface(named: assignment.podInterface)
            if assignment.requiresAddress, let podInterface, podInterface.addresses.isEmpty {
                throw PlanError(
                    "\(backend) network \(network.name): pod interface \(podInterface.name) has no IP address, but the CNI "
                        + "delegate of a default network must return at least one: give its CNI config an IPAM section")
            }
            let request = BindingPlanRequest(
                vm: vm, interfaceIndex: index, config: config,
                podInterface: podInterface, isPrimary: assignment.isPrimary,
                tapOwner: options.tapOwner, tapGroup: options.tapGroup, hostDevice: facts.hostDevices[network.name])
            var plan = try binding.plan(request)
            let problems = PlanScope(binding: method.name, request: request).problems(of: plan)
            guard problems.isEmpty else {
                throw PlanError(
                    "the binding plugin '\(method.name)' answered a plan for interface \(interface.name) that vmnet refuses, "
                        + "so nothing was changed: " + problems.joined(separator: "; "))
            }
            plan.dhcp?.serve(interface.dhcpOptions)
            plan.device = plan.device.presenting(interface)
            if plan.migrationBlocker == nil, let blocked = binding.manifest.capabilities.migrationBlockedOn,
                blocked.isEmpty || blocked.contains(backend)
            {
                plan.migrationBlocker =
                    "interface \(interface.name): the \(method.name) binding cannot be live-migrated on a \(backend) network"
            }
            if method.spelling == .plugin, let registration = config.bindingPlugins?[method.name] {
                try Self.requireAttachment(registration, of: plan.device, interface: interface)
                plan.migrationBlocker = Self.migrationBlocker(interface, registration, isPrimary: assignment.isPrimary)
            }
            interfaces.append(
                .init(network: network.name, backend: backend, binding: method.name, isPrimary: assignment.isPrimary,
                      attachment: assignment.attachment, details: assignment.details, plan: plan))
        }
        return VMPlan(name: vm.name, namespace: vm.namespace, interfaces: interfaces)
    }

    /// A registered plugin's word on migration, as KubeVirt's: an interface on the primary network lets the VM
    /// migrate only when its plugin's registration has `migration`; secondary networks never block it.
    static func migrationBlocker(
        _ interface: Interface, _ registration: BindingPluginRegistration, isPrimary: Bool
    ) -> String? {
        guard isPrimary, registration.migration == nil else { return nil }
        return "interface \(interface.name): cannot migrate VMI which does not use masquerade or a migratable plugin to "
            + "connect to the pod network (the network.binding entry of '\(interface.binding?.name ?? "")' has no migration)"
    }

    /// A registration that promises a tap-attached NIC (`domainAttachmentType: tap` or `managedTap`) must get one
    /// from its plugin: KubeVirt would render `<interface type='ethernet'>` for it whatever the plugin does.
    static func requireAttachment(
        _ registration: BindingPluginRegistration, of device: DomainDevice, interface: Interface
    ) throws(PlanError) {
        guard let type = registration.domainAttachmentType, BindingPluginRegistration.DomainAttachmentType(rawValue: type) != nil
        else { return }
        if case .interface = device { return }
        throw PlanError(
            "interface \(interface.name): the network.binding entry of '\(interface.binding?.name ?? "")' has "
                + "domainAttachmentType \(type), but its plugin plans no tap NIC; remove domainAttachmentType or use "
                + "a plugin that attaches a tap")
    }

    /// Asks each backend, once, for the pod interfaces of its networks, by network name.
    public func assignPodInterfaces(
        _ vm: VirtualMachine, config: ClusterConfig, attachments: [NetworkAttachmentDefinition] = [],
        options: Options = Options()
    ) throws(PlanError) -> [String: BackendPlan.Assignment] {
        var assignments: [String: BackendPlan.Assignment] = [:]
        var owners: [String: String] = [:]
        for (backend, networks, plan) in try backendPlans(vm, config: config, attachments: attachments, options: options) {
            let answered = plan.assignments.map(\.network)
            if let stray = answered.first(where: { !networks.contains($0) }) ?? answered.duplicates.first {
                throw PlanError(
                    "the backend plugin '\(backend)' was asked for the pod interfaces of networks "
                        + "\(networks.joined(separator: ", ")) and answered network \(stray) "
                        + (networks.contains(stray) ? "twice" : "instead") + "; nothing was changed")
            }
            for assignment in plan.assignments {
                var assignment = assignment
                if let named = options.podInterfaces[assignment.network] { assignment.podInterface = named }
                guard StepLimits.isLinkName(assignment.podInterface), assignment.podInterface != "lo" else {
                    throw PlanError(
                        "the backend plugin '\(backend)' gave network \(assignment.network) the pod interface "
                            + "'\(assignment.podInterface)', which cannot be a pod network's interface; nothing was changed")
                }
                if let other = owners[assignment.podInterface] {
                    throw PlanError(
                        "networks \(other) and \(assignment.network) both need pod interface \(assignment.podInterface): "
                            + "a pod has one primary network")
                }
                owners[assignment.podInterface] = assignment.network
                assignments[assignment.network] = assignment
            }
        }
        return assignments
    }

    /// What the launcher pod needs: every backend's annotations, and one device-plugin resource per network whose
    /// NetworkAttachmentDefinition names one. Every attachment a network uses must be among the manifests.
    public func podAnnotations(
        _ vm: VirtualMachine, config: ClusterConfig, attachments: [NetworkAttachmentDefinition],
        options: Options = Options()
    ) throws(PlanError) -> PodAnnotations {
        let vm = vm.withoutAbsentInterfaces
        var result = PodAnnotations()
        for (_, _, plan) in try backendPlans(vm, config: config, attachments: attachments, options: options) {
            result.annotations.merge(plan.annotations) { _, new in new }
            for assignment in plan.assignments {
                guard let name = assignment.attachment else { continue }
                guard let attachment = attachments.first(where: { $0.qualifiedName == name }) else {
                    throw PlanError(
                        "failed to locate network attachment definition \(name) for network \(assignment.network): "
                            + "give its NetworkAttachmentDefinition with the manifests")
                }
                if let resource = attachment.resourceName { result.resources[resource, default: 0] += 1 }
            }
        }
        result.addBindingAttachments(for: vm, registry: config.bindingPlugins ?? [:])
        return result
    }

    private func backendPlans(
        _ vm: VirtualMachine, config: ClusterConfig, attachments: [NetworkAttachmentDefinition], options: Options
    ) throws(PlanError) -> [(backend: String, networks: [String], plan: BackendPlan)] {
        var byBackend: [(backend: String, indexes: [Int])] = []
        for (index, network) in (vm.networks ?? []).enumerated() {
            guard let backend = network.source?.backend else { continue }
            if let position = byBackend.firstIndex(where: { $0.backend == backend }) {
                byBackend[position].indexes.append(index)
            } else {
                byBackend.append((backend, [index]))
            }
        }
        var plans: [(backend: String, networks: [String], plan: BackendPlan)] = []
        for (name, indexes) in byBackend {
            guard let backend = drivers.backends[name] else {
                throw PlanError("no backend plugin named '\(name)' is loaded")
            }
            plans.append((name, indexes.map { vm.networks![$0].name }, try backend.plan(
                BackendPlanRequest(
                    vm: vm, networkIndexes: indexes, config: config, attachments: attachments, naming: options.naming,
                    cniConfigDirectory: options.cniConfigDirectory, podAnnotations: options.podAnnotations))))
        }
        return plans
    }
}

extension Array where Element: Hashable {
    /// The elements that stand more than once, each once, in the order of their second appearance.
    fileprivate var duplicates: [Element] {
        var seen = Set<Element>()
        var repeated = Set<Element>()
        return filter { !seen.insert($0).inserted && repeated.insert($0).inserted }
    }
}
