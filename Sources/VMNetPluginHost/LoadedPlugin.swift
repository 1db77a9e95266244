import VMNetCore

/// A plugin that passed every check: what it is, where it came from, and the driver that calls it.
public struct LoadedPlugin: Sendable {
    /// The driver, wrapped back into the core's protocols.
    public enum Driver: Sendable {
        /// A binding.
        case binding(LoadedBinding)
        /// A backend.
        case backend(LoadedBackend)
    }

    /// The file, as found in the search path.
    public let file: String
    /// The manifest `describe` returned, with its kind.
    package let manifest: PluginManifest
    /// The descriptor's ABI version.
    public let abiVersion: UInt32
    /// The contract versions the plugin lists, as it spells them.
    public let contractVersions: [String]
    /// The version chosen for every call: the highest both sides speak.
    package let contractVersion: ContractVersion
    /// How long checking, opening, describing and wrapping the plugin took; for a plugin described from a
    /// `PluginCache`, only the wrapping (the file is opened on the first call).
    public let loadDuration: Duration
    /// The driver.
    public let driver: Driver
    /// The file's identity when it was described.
    let identity: FileIdentity

    /// The manifest key, e.g. `bridge`.
    public var name: String { manifest.name }
    /// Binding or backend.
    public var kind: PluginKind { manifest.kind }
    /// The plugin's version.
    public var version: String { manifest.version }
}
