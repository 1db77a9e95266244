internal import CVMNetPlugin
import VMNetCore

/// Loads one plugin file: checks who may change it, opens it, reads its descriptor, negotiates the contract and
/// asks for its manifest, refusing with a `LoaderError` at the first problem.
public struct PluginLoader: Sendable {
    /// The contract versions this host speaks.
    public var contractVersions: [ContractVersion]

    /// Creates a loader speaking `contractVersions`.
    public init(contractVersions: [ContractVersion] = ContractVersion.supported) {
        self.contractVersions = contractVersions
    }

    /// Loads the plugin at `path`. The file stays mapped whatever the outcome: vmnet never unloads code.
    public func load(_ path: String) throws(LoaderError) -> LoadedPlugin {
        let start = ContinuousClock.now
        try FileTrust.check(path)
        let object = try SharedObject(path: path)
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
        guard Self.isValidName(name) else {
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
        let channel = PluginChannel(descriptor: raw, contract: contract, label: "\(kind) plugin '\(name)' (\(path))")
        let manifest: PluginManifest
        do {
            manifest = try channel.call(.describe, EmptyDocument())
        } catch {
            throw .invalidManifest(path: path, problem: error.text(subject: "it"))
        }
        guard manifest.kind == kind else {
            throw .manifestKindMismatch(path: path, descriptor: kind, manifest: manifest.kind)
        }
        for (field, fromDescriptor, fromManifest) in [("name", name, manifest.name), ("version", version, manifest.version)]
        where fromDescriptor != fromManifest {
            throw .manifestMismatch(path: path, field: field, descriptor: fromDescriptor, manifest: fromManifest)
        }
        let driver: LoadedPlugin.Driver =
            switch manifest {
            case .binding(let bindingManifest): .binding(LoadedBinding(manifest: bindingManifest, file: path, channel: channel))
            case .backend(let backendManifest): .backend(LoadedBackend(manifest: backendManifest, file: path, channel: channel))
            }
        return LoadedPlugin(
            file: path, manifest: manifest, abiVersion: abiVersion, contractVersions: offered, contractVersion: contract,
            loadDuration: ContinuousClock.now - start, driver: driver)
    }

    /// Manifest keys are identifiers: `bridge`, `managedTap`, `my-binding`.
    static func isValidName(_ name: String) -> Bool {
        func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        guard let first = name.unicodeScalars.first, isLetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
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
