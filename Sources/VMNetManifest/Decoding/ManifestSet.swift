import VMNetCore
import VMNetEngine

/// Everything read from a set of manifest files: the VMs, the NetworkAttachmentDefinitions and the cluster config,
/// with the diagnostics found while decoding them.
public struct ManifestSet: Sendable {
    /// A decoded VM and where its fields stood.
    public struct Machine: Sendable {
        /// The VM.
        public var vm: VirtualMachine
        /// Locations of its fields.
        public var sourceMap: SourceMap
    }

    /// A decoded cluster config and where its keys stood.
    public struct Config: Sendable {
        /// The config.
        public var config: ClusterConfig
        /// Locations of its keys.
        public var sourceMap: SourceMap
    }

    /// The VMs, in file and document order.
    public var machines: [Machine] = []
    /// The NetworkAttachmentDefinitions.
    public var attachments: [NetworkAttachmentDefinition] = []
    /// The `kubevirt-config` ConfigMaps found, in order; the last one wins.
    public var configs: [Config] = []
    /// Decoding diagnostics, located.
    public var diagnostics: [Diagnostic] = []

    /// Creates an empty set.
    public init() {}

    /// The cluster config in effect: the last `kubevirt-config` read, or the defaults.
    public var config: ClusterConfig { configs.last?.config ?? ClusterConfig() }

    /// Adds another set's contents after this one's.
    public mutating func append(_ other: ManifestSet) {
        machines += other.machines
        attachments += other.attachments
        configs += other.configs
        diagnostics += other.diagnostics
    }
}
