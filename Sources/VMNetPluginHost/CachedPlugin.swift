import VMNetCore

/// What loading one plugin file found, remembered in a `PluginCache` with the identity of the file it came from.
struct CachedPlugin: Codable, Sendable, Equatable {
    /// The file, as found in the search path.
    var file: String
    /// The file when it was described.
    var identity: FileIdentity
    /// The descriptor's ABI version.
    var abiVersion: UInt32
    /// The contract versions the plugin lists.
    var contractVersions: [String]
    /// The version negotiated with the host's.
    var contractVersion: ContractVersion
    /// The manifest `describe` returned.
    var manifest: PluginManifest

    /// The entry of a loaded plugin.
    init(_ plugin: LoadedPlugin) {
        file = plugin.file
        identity = plugin.identity
        abiVersion = plugin.abiVersion
        contractVersions = plugin.contractVersions
        contractVersion = plugin.contractVersion
        manifest = plugin.manifest
    }
}
