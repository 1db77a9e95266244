/// What a backend driver is and what it can do, declared once so the core can enforce it for every driver alike.
public struct BackendManifest: Codable, Sendable, Equatable {
    /// The key that selects the backend on a network, e.g. `multus`.
    public var name: String
    /// The name used at the start of messages, e.g. `Multus`.
    public var displayName: String
    /// The driver's version.
    public var version: String
    /// One sentence on what the backend provides.
    public var summary: String
    /// The options accepted inside the backend's value, e.g. `networkName`.
    public var options: [OptionSpec]
    /// The constraints the core enforces.
    public var capabilities: BackendCapabilities

    /// Creates a manifest.
    public init(
        name: String, displayName: String, version: String, summary: String, options: [OptionSpec] = [],
        capabilities: BackendCapabilities
    ) {
        self.name = name
        self.displayName = displayName
        self.version = version
        self.summary = summary
        self.options = options
        self.capabilities = capabilities
    }
}

/// The declared abilities and limits of a backend.
public struct BackendCapabilities: Codable, Sendable, Equatable {
    /// Whether this backend is the pod's own network, used for the interface vmnet adds when a VM lists none.
    public var providesDefaultNetwork: Bool
    /// Backends that cannot be used in the same VM as this one.
    public var conflictsWith: [String]

    /// Creates capabilities.
    public init(providesDefaultNetwork: Bool = false, conflictsWith: [String] = []) {
        self.providesDefaultNetwork = providesDefaultNetwork
        self.conflictsWith = conflictsWith
    }
}
