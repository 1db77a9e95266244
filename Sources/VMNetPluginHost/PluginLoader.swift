internal import CVMNetPlugin
import VMNetCore

/// Loads one plugin file: checks who may change it, opens it, reads its descriptor, negotiates the contract and
/// asks for its manifest, refusing with a `LoaderError` at the first problem.
public struct PluginLoader: Sendable {
    /// The contract versions this host speaks.
    package var contractVersions: [ContractVersion]
    /// How long one call to a plugin may take; a plugin that hangs longer fails the call, naming it.
    public var callTimeout: Duration

    /// Creates a loader speaking every contract version this build knows, whose calls give up after `callTimeout`.
    public init(callTimeout: Duration = ContractLimits.callTimeout()) {
        self.init(contractVersions: ContractVersion.supported, callTimeout: callTimeout)
    }

    /// Creates a loader speaking only `contractVersions`, as the tests of older contract versions do.
    package init(contractVersions: [ContractVersion], callTimeout: Duration = ContractLimits.callTimeout()) {
        self.contractVersions = contractVersions
        self.callTimeout = callTimeout
    }

    /// Loads the plugin at `path`. The file stays mapped whatever the outcome: vmnet never unloads code.
    public func load(_ path: String) throws(LoaderError) -> LoadedPlugin {
        let start = ContinuousClock.now
        let opened = try open(path)
        let channel = PluginChannel(
            descriptor: opened.descriptor, contract: opened.contract, label: opened.label, timeout: callTimeout)
        let manifest: PluginManifest
        do {
            manifest = try channel.call(.describe, EmptyDocument())
        } catch {
            throw .invalidManifest(path: path, problem: error.text(subject: "it"))
        }
        guard manifest.kind == opened.kind else {
            throw .manifestKindMismatch(path: path, descriptor: opened.kind, manifest: manifest.kind)
        }
        for (field, fromDescriptor, fromManifest) in [("name", opened.name, manifest.name), ("version", opened.version, manifest.version)]
        where fromDescriptor != fromManifest {
            throw .manifestMismatch(path: path, field: field, descriptor: fromDescriptor, manifest: fromManifest)
        }
        let problems = ManifestRules.problems(manifest)
        guard problems.isEmpty else {
            throw .invalidManifest(path: path, problem: problems.joined(separator: "; "))
        }
        return LoadedPlugin(
            file: path, manifest: manifest, abiVersion: opened.abiVersion, contractVersions: opened.offered,
            contractVersion: opened.contract, loadDuration: ContinuousClock.now - start,
            driver: Self.driver(manifest, file: path, channel: channel), identity: opened.identity)
    }

    /// The plugin a cache entry describes, opened only when first called. The opening checks the file as `load`
    /// does and refuses it (`changedSinceDescribed`) unless it is still the file, and the descriptor, described.
    func deferred(_ entry: CachedPlugin) -> LoadedPlugin {
        let start = ContinuousClock.now
        let label = Self.label(entry.manifest.kind, entry.manifest.name, entry.file)
        let channel = PluginChannel(contract: entry.contractVersion, label: label, timeout: callTimeout) { () throws(LoaderError) in
            let opened = try open(entry.file)
            guard opened.identity == entry.identity, opened.kind == entry.manifest.kind, opened.name == entry.manifest.name,
                opened.version == entry.manifest.version, opened.abiVersion == entry.abiVersion,
                opened.contract == entry.contractVersion
            else { throw .changedSinceDescribed(path: entry.file) }
            return opened.descriptor
        }
        return LoadedPlugin(
            file: entry.file, manifest: entry.manifest, abiVersion: entry.abiVersion,
            contractVersions: entry.contractVersions, contractVersion: entry.contractVersion,
            loadDuration: ContinuousClock.now - start, driver: Self.driver(entry.manifest, file: entry.file, channel: channel),
            identity: entry.identity)
    }

    /// A plugin file whose descriptor passed every check, not yet described.
    private struct OpenedPlugin {
        var file: String
        var descriptor: PluginChannel.Descriptor
        var identity: FileIdentity
        var abiVersion: UInt32
        var kind: PluginKind
        var name: String
        var version: String
        var offered: [String]
        var contract: ContractVersion

        var label: String { PluginLoader.label(kind, name, file) }
    }

    /// Opens the file, checks who may change it, loads what was checked, reads its descriptor and negotiates the
    /// contract.
    private func open(_ path: String) throws(LoaderError) -> OpenedPlugin {
        let file = try TrustedFile(opening: path)
        let identity = file.identity
        let object = try SharedObject(loading: file)
        guard let entry = object.address(of: PluginABI.entrySymbol) else { throw .missingEntrySymbol(path: path) }
        guard let raw = unsafeBitCast(entry, to: vmnet_plugin_entry_fn.self)() else {
            throw .malformedDescriptor(path: path, problem: "\(PluginABI.entrySymbol) returned NULL")
        }
        // The ABI version is the first field in every layout: read it before trusting the rest.
        let abiVersion = UnsafeRawPointer(raw).load(as: UInt32.self)
        guard abiVersion == PluginABI.version else {
            throw .unknownABI(path: path, found: abiVersion, supported: PluginABI.version)
        }
        let descriptor = raw.pointee
        guard let kind = PluginKind(abiValue: descriptor.kind) else {
            throw .unknownKind(path: path, value: descriptor.kind)
        }
        let name = try Self.text(descriptor.name, "name", path)
        guard ManifestRules.isIdentifier(name) else {
            throw .malformedDescriptor(path: path, problem: "name '\(name)' must be letters, digits, '-' or '_', starting with a letter")
        }
        let version = try Self.text(descriptor.version, "version", path)
        guard descriptor.call != nil, descriptor.free_response != nil else {
            throw .malformedDescriptor(path: path, problem: "call and free_response must both be set")
        }
        let offered = try Self.contractVersions(descriptor.contract_versions, path)
        guard let contract = ContractVersion.negotiate(offered, with: contractVersions) else {
            throw .noCommonContract(path: path, plugin: offered, core: contractVersions.map(\.description))
        }
        return OpenedPlugin(
            file: path, descriptor: PluginChannel.Descriptor(pointer: raw), identity: identity, abiVersion: abiVersion,
            kind: kind, name: name, version: version, offered: offered, contract: contract)
    }

    /// Names the plugin in messages: `binding plugin 'bridge' (/path/libVMNetBindingBridge.so)`.
    private static func label(_ kind: PluginKind, _ name: String, _ file: String) -> String {
        "\(kind) plugin '\(name)' (\(file))"
    }

    /// The manifest's driver, calling through `channel`.
    private static func driver(_ manifest: PluginManifest, file: String, channel: PluginChannel) -> LoadedPlugin.Driver {
        switch manifest {
        case .binding(let bindingManifest): .binding(LoadedBinding(manifest: bindingManifest, file: file, channel: channel))
        case .backend(let backendManifest): .backend(LoadedBackend(manifest: backendManifest, file: file, channel: channel))
        }
    }

    private static func text(_ pointer: UnsafePointer<CChar>?, _ field: String, _ path: String) throws(LoaderError) -> String {
        guard let pointer, pointer.pointee != 0 else {
            throw .malformedDescriptor(path: path, problem: "\(field) is NULL or empty")
        }
        return String(cString: pointer)
    }

    /// Reads the NULL-terminated array; a sane bound catches an array without its terminator.
    private static func contractVersions(_ list: UnsafePointer<UnsafePointer<CChar>?>?, _ path: String) throws(LoaderError) -> [String] {
        guard let list else { throw .malformedDescriptor(path: path, problem: "contract_versions is NULL") }
        var versions: [String] = []
        while let version = list[versions.count] {
            versions.append(String(cString: version))
            if versions.count == 64 {
                throw .malformedDescriptor(path: path, problem: "contract_versions has more than 64 entries (is it NULL-terminated?)")
            }
        }
        return versions
    }
}
