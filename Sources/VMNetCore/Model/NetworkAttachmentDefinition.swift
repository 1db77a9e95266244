/// A Multus `NetworkAttachmentDefinition`: a named CNI configuration a multus network refers to.
public struct NetworkAttachmentDefinition: Codable, Sendable, Equatable {
    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`, default `default`.
    public var namespace: String
    /// `spec.config`: the CNI configuration JSON, kept as written.
    public var config: String
    /// The annotation `k8s.v1.cni.cncf.io/resourceName` (the SR-IOV device plugin's resource), when present.
    public var resourceName: String?

    /// Creates a definition.
    public init(name: String, namespace: String = "default", config: String, resourceName: String? = nil) {
        self.name = name
        self.namespace = namespace
        self.config = config
        self.resourceName = resourceName
    }

    /// `namespace/name`, the way a multus `networkName` may refer to it.
    public var qualifiedName: String { "\(namespace)/\(name)" }
}
