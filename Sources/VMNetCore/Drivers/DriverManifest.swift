/// What a driver is and what it can do: its key, names, version, options and the capabilities the core enforces.
///
/// Bindings and backends differ only in their capabilities, hence `BindingManifest` and `BackendManifest`.
public struct DriverManifest<Capabilities: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// The key that selects the driver in a manifest, e.g. `masquerade` on an interface or `multus` on a network.
    public var name: String
    /// The name used at the start of messages, e.g. `Masquerade`.
    public var displayName: String
    /// The driver's version.
    public var version: String
    /// One sentence on what the driver does.
    public var summary: String
    /// The options accepted inside the driver's value (`masquerade: {}` takes none; multus takes `networkName`).
    public var options: [OptionSpec]
    /// The constraints and features the core enforces.
    public var capabilities: Capabilities

    /// Creates a manifest.
    public init(
        name: String, displayName: String, version: String, summary: String, options: [OptionSpec] = [],
        capabilities: Capabilities
    ) {
        self.name = name
        self.displayName = displayName
        self.version = version
        self.summary = summary
        self.options = options
        self.capabilities = capabilities
    }
}
