import VMNetCore
import VMNetPluginHost

/// The JSON document of `vmnet plugins list --output json`; `Plugin` alone is that of `vmnet plugins info`.
struct PluginListing: Encodable {
    /// One loaded plugin.
    struct Plugin: Encodable {
        var name: String
        var kind: PluginKind
        var version: String
        var summary: String
        var file: String
        var abiVersion: UInt32
        var contractVersion: ContractVersion
        var contractVersions: [String]
        var capabilities: String
        var loadMilliseconds: Double
        /// The full manifest, for `plugins info`.
        var manifest: Manifest?

        init(_ plugin: LoadedPlugin, withManifest: Bool = false) {
            name = plugin.name
            kind = plugin.kind
            version = plugin.version
            summary = plugin.manifest.summary
            file = plugin.file
            abiVersion = plugin.abiVersion
            contractVersion = plugin.contractVersion
            contractVersions = plugin.contractVersions
            capabilities = CapabilitySummary.text(of: plugin.manifest)
            loadMilliseconds = PluginListing.milliseconds(plugin.loadDuration)
            manifest = withManifest ? Manifest(plugin.manifest) : nil
        }
    }

    /// A binding's or backend's manifest as it is, without the kind wrapper (the kind is beside it).
    struct Manifest: Encodable {
        var manifest: PluginManifest

        init(_ manifest: PluginManifest) {
            self.manifest = manifest
        }

        func encode(to encoder: any Encoder) throws {
            switch manifest {
            case .binding(let binding): try binding.encode(to: encoder)
            case .backend(let backend): try backend.encode(to: encoder)
            }
        }
    }

    /// One refused or shadowed file.
    struct Refusal: Encodable {
        var file: String
        var reason: String
        var message: String
    }

    /// One folder of the search path.
    struct Folder: Encodable {
        var path: String
        var origin: PluginSearchPath.Origin
    }

    var searchPath: [Folder]
    var plugins: [Plugin]
    var refused: [Refusal]
    var shadowed: [Refusal]

    init(_ registry: PluginRegistry) {
        searchPath = registry.searchPath.folders.map { Folder(path: $0.path, origin: $0.origin) }
        plugins = registry.plugins.map { Plugin($0) }
        let refusal = { (error: LoaderError) in Refusal(file: error.path, reason: error.reason, message: error.message) }
        refused = registry.refused.filter { !$0.isShadowed }.map(refusal)
        shadowed = registry.shadowed.map(refusal)
    }

    /// A duration in milliseconds, to the microsecond.
    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return (Double(seconds) * 1_000_000 + Double(attoseconds / 1_000_000_000_000)) / 1000
    }
}
