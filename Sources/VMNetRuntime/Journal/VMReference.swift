import VMNetCore
import VMNetEngine

/// Which VM a journal belongs to: its Kubernetes namespace and name.
public struct VMReference: Codable, Sendable, Hashable, CustomStringConvertible {
    /// `metadata.namespace`.
    public var namespace: String
    /// `metadata.name`.
    public var name: String

    /// Creates a reference.
    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// The reference of `vm`.
    public init(_ vm: VirtualMachine) {
        self.init(namespace: vm.namespace, name: vm.name)
    }

    /// The reference of the VM `plan` is for.
    public init(_ plan: VMPlan) {
        self.init(namespace: plan.namespace, name: plan.name)
    }

    /// `NAMESPACE/NAME`.
    public var description: String { "\(namespace)/\(name)" }
}
