import VMNetCore
/// What the controller puts on a VM's launcher pod so the CNI meta-plugin attaches its networks.
public struct PodAnnotations: Codable, Sendable, Equatable {
    /// The pod annotations, e.g. `k8s.v1.cni.cncf.io/networks`, `v1.multus-cni.io/default-network`, `cni`.
    public var annotations: [String: String] = [:]
    /// The device-plugin resources to request (one per network whose attachment names a `resourceName`).
    public var resources: [String: Int] = [:]

    /// Creates empty annotations.
    public init() {}
}
