/// A binding driver: how an interface connects the guest's NIC to its network (`bridge`, `masquerade`, …).
///
/// A binding declares its constraints in its manifest, which the core enforces, and checks whatever else only it
/// knows in `validate`.
public protocol Binding: Sendable {
    /// What the binding is and what it can do.
    var manifest: BindingManifest { get }

    /// Checks one interface using this binding, beyond what the manifest declares.
    func validate(_ request: BindingValidationRequest) -> [Diagnostic]

    /// Plans one interface: the host steps, the DHCP server and the guest device. It must not touch the host.
    func plan(_ request: BindingPlanRequest) throws(PlanError) -> BindingPlan

    /// Performs one of the plugin's own `custom` steps, on a thread inside the pod's network namespace.
    func apply(_ step: CustomStep) throws(PlanError)

    /// Undoes one of the plugin's own `custom` steps, on a thread inside the pod's network namespace.
    func revert(_ step: CustomStep) throws(PlanError)
}

extension Binding {
    /// Bindings with nothing to check beyond their manifest need not implement `validate`.
    public func validate(_ request: BindingValidationRequest) -> [Diagnostic] { [] }

    /// Bindings that plan no custom step need not implement `apply`.
    public func apply(_ step: CustomStep) throws(PlanError) {
        throw PlanError("the \(manifest.name) binding has no custom step '\(step.name)'")
    }

    /// Bindings that plan no custom step need not implement `revert`.
    public func revert(_ step: CustomStep) throws(PlanError) {
        throw PlanError("the \(manifest.name) binding has no custom step '\(step.name)'")
    }
}

/// What a binding is asked to check: one interface, with its VM, network and the cluster config.
public struct BindingValidationRequest: Codable, Sendable, Equatable {
    /// The VM, after defaults.
    public var vm: VirtualMachine
    /// The index of the interface in `vm.interfaces`.
    public var interfaceIndex: Int
    /// The cluster config.
    public var config: ClusterConfig

    /// Creates a request.
    public init(vm: VirtualMachine, interfaceIndex: Int, config: ClusterConfig) {
        self.vm = vm
        self.interfaceIndex = interfaceIndex
        self.config = config
    }

    /// The interface to check.
    public var interface: Interface { vm.interfaces![interfaceIndex] }
    /// The interface's path.
    public var interfacePath: FieldPath { vm.interfacePath(interfaceIndex) }
    /// The network the interface names, if there is one.
    public var network: Network? { vm.network(named: interface.name)?.network }
}
