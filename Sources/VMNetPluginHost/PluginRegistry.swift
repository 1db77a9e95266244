import FoundationEssentials
import Glibc
import VMNetCore
import VMNetEngine

/// Every plugin found in a search path: the loaded ones as a `DriverSet`, and each refused or shadowed file with
/// its reason.
public struct PluginRegistry: Sendable {
    /// The folders searched.
    public let searchPath: PluginSearchPath
    /// The loaded plugins, in search order.
    public let plugins: [LoadedPlugin]
    /// The refused files, in search order, shadowed ones included (reason `duplicate-name`).
    public let refused: [LoaderError]
    /// The loaded drivers.
    public let drivers: DriverSet

    /// Loads every `*.so` file of every folder of `searchPath`, folders in order and files by name.
    ///
    /// Folders that do not exist are skipped, and so is a folder or file met a second time through another path
    /// (symbolic links, `--plugin-path` naming the executable's folder). A file without the entry symbol is a
    /// refusal everywhere but in the executable's own folder, where other libraries may sit beside `vmnet`.
    ///
    /// With a `cache`, a file it remembers unchanged is described from it and opened on its first call; the cache
    /// is rewritten when what was found differs from what it held.
    public init(searchPath: PluginSearchPath, loader: PluginLoader = PluginLoader(), cache: PluginCache? = nil) {
        self.searchPath = searchPath
        let remembered = cache?.read(contractVersions: loader.contractVersions) ?? [:]
        var described: [String: CachedPlugin] = [:]
        var plugins: [LoadedPlugin] = []
        var refused: [LoaderError] = []
        var seen = Set<String>()
        for folder in searchPath.folders {
            guard let real = Self.realPath(folder.path), seen.insert(real).inserted else { continue }
            for file in Self.sharedObjects(in: folder.path) {
                guard let realFile = Self.realPath(file), seen.insert(realFile).inserted else { continue }
                do {
                    let plugin: LoadedPlugin
                    if let entry = remembered[file], FileIdentity(path: file) == entry.identity {
                        plugin = loader.deferred(entry)
                    } else {
                        plugin = try loader.load(file)
                    }
                    described[file] = CachedPlugin(plugin)
                    if let first = plugins.first(where: { $0.kind == plugin.kind && $0.name == plugin.name }) {
                        refused.append(.duplicateName(path: file, kind: plugin.kind, name: plugin.name, loadedFrom: first.file))
                    } else {
                        plugins.append(plugin)
                    }
                } catch .missingEntrySymbol where folder.origin == .executable {
                    continue
                } catch {
                    refused.append(error)
                }
            }
        }
        if let cache, described != remembered {
            cache.write(described.values.sorted { $0.file < $1.file }, contractVersions: loader.contractVersions)
        }
        self.plugins = plugins
        self.refused = refused
        drivers = DriverSet(
            bindings: plugins.compactMap { if case .binding(let binding) = $0.driver { binding } else { nil } },
            backends: plugins.compactMap { if case .backend(let backend) = $0.driver { backend } else { nil } })
    }

    /// The refused files that are working plugins hidden by an earlier one of the same kind and name.
    public var shadowed: [LoaderError] { refused.filter(\.isShadowed) }

    /// The loaded plugins named `name`: a binding and a backend may share one.
    public func plugins(named name: String) -> [LoadedPlugin] {
        plugins.filter { $0.name == name }
    }

    private static func sharedObjects(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return names.filter { $0.hasSuffix(".so") }.sorted().map { prefix + $0 }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
