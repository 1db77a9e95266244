/// What a backend driver is and what it can do, declared once so the core can enforce it for every driver alike.
public typealias BackendManifest = DriverManifest<BackendCapabilities>

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

    /// Decodes capabilities; a key a plugin leaves out takes its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            providesDefaultNetwork: try container.decodeIfPresent(Bool.self, forKey: .providesDefaultNetwork) ?? false,
            conflictsWith: try container.decodeIfPresent([String].self, forKey: .conflictsWith) ?? [])
    }
}
