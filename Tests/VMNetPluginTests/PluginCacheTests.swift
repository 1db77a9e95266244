import Foundation
import Testing
import VMNetCore
import VMNetPluginHost
import VMNetTestKit

/// The plugin cache: a command opens only the plugins it calls, and a cache never makes vmnet use a file other than
/// the one it describes.
@Suite("Plugin cache")
struct PluginCacheTests {
    /// The plugin files a `vmnet` run opened, as `loadtrace.c` (an `LD_AUDIT` module) reports each object mapped.
    private func opened(_ result: CommandResult) -> Set<String> {
        Set(result.stderr.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("loadtrace: ") else { return nil }
            let path = line.dropFirst("loadtrace: ".count)
            return path.hasSuffix(".so") && path.contains("/libVMNet") ? String(path) : nil
        })
    }

    /// Builds the `LD_AUDIT` module into `folder`.
    private func loadTrace(in folder: borrowing TemporaryFolder) throws -> String {
        let path = folder.path + "/loadtrace.so"
        try compileCPlugin("loadtrace.c", to: path)
        return path
    }

    private func vmnetValidate(_ manifest: String, cache: String, trace: String, _ extra: [String] = []) throws -> CommandResult {
        try vmnet(["validate"] + extra + [manifest], environment: ["VMNET_PLUGIN_CACHE": cache, "LD_AUDIT": trace])
    }

    /// Writes a one-interface VM bound by `binding` into `folder` and returns the file's path.
    private func manifest(in folder: borrowing TemporaryFolder, binding: String = "masquerade") throws -> String {
        let path = folder.path + "/vm.yaml"
        try oneInterfaceVM(binding: binding).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a command opens every plugin once, then only the ones the VM uses; the answer is the same")
    func opensOnlyWhatItCalls() throws {
        let folder = try TemporaryFolder()
        let manifest = try self.manifest(in: folder)
        let cache = folder.path + "/cache/plugins.json"
        let all = Set(builtinPlugins.map { buildFolder + "/" + $0.file })
        let trace = try loadTrace(in: folder)

        let first = try vmnetValidate(manifest, cache: cache, trace: trace)
        #expect(first.status == 0, "\(first.stdout)")
        #expect(opened(first) == all)
        #expect(FileManager.default.fileExists(atPath: cache))

        let second = try vmnetValidate(manifest, cache: cache, trace: trace)
        #expect(second.status == 0)
        #expect(second.stdout == first.stdout)
        #expect(opened(second) == [buildFolder + "/libVMNetBindingMasquerade.so", buildFolder + "/libVMNetBackendPod.so"])

        // A manifest naming a binding no plugin has is still told which ones exist, from the cache.
        let unknown = try vmnetValidate(self.manifest(in: folder, binding: "vdpa"), cache: cache, trace: trace)
        #expect(unknown.status != 0)
        #expect(unknown.stdout.contains("bridge, macvtap, masquerade, passt, slirp, sriov"), "\(unknown.stdout)")

        let off = try vmnetValidate(manifest, cache: "off", trace: trace)
        #expect(opened(off) == all)
    }

    @Test("a plugin file that changes is opened and described again, and the cache rewritten")
    func changedFileIsDescribedAgain() throws {
        let folder = try TemporaryFolder()
        let manifest = try self.manifest(in: folder)
        let cache = folder.path + "/plugins.json"
        let copy = try folder.copy(buildFolder + "/libVMNetBindingSlirp.so", into: "plugins", as: "libVMNetCopy.so")
        let options = ["--plugin-path", folder.path + "/plugins"]
        let trace = try loadTrace(in: folder)

        #expect(try opened(vmnetValidate(manifest, cache: cache, trace: trace, options)).contains(copy))
        #expect(try !opened(vmnetValidate(manifest, cache: cache, trace: trace, options)).contains(copy))
        let before = try FileManager.default.attributesOfItem(atPath: cache)[.systemFileNumber] as? Int
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: copy)
        #expect(try opened(vmnetValidate(manifest, cache: cache, trace: trace, options)).contains(copy))
        let after = try FileManager.default.attributesOfItem(atPath: cache)[.systemFileNumber] as? Int
        #expect(before != after, "the cache was not rewritten")
        #expect(try !opened(vmnetValidate(manifest, cache: cache, trace: trace, options)).contains(copy))
    }

    @Test("a cache that is not valid, or that others could write, is ignored and replaced")
    func untrustedOrCorruptCache() throws {
        let folder = try TemporaryFolder()
        let plugins = try folder.folder("plugins")
        try folder.copy(buildFolder + "/libVMNetBindingBridge.so", into: "plugins")
        let path = folder.path + "/plugins.json"
        let searchPath = PluginSearchPath(folders: [.init(path: plugins, origin: .option)])

        try Data("{\"format\": 1, \"plugins\": [".utf8).write(to: URL(fileURLWithPath: path))
        let registry = PluginRegistry(searchPath: searchPath, cache: PluginCache(path: path))
        #expect(registry.plugins.map(\.name) == ["bridge"])
        let rewritten = try String(contentsOfFile: path, encoding: .utf8)
        #expect(rewritten.contains("\"bridge\""))

        chmod(path, 0o666)
        _ = PluginRegistry(searchPath: searchPath, cache: PluginCache(path: path))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o644, "a cache others could write was kept")
    }

    @Test("a plugin described from the cache whose file was replaced since refuses to open")
    func replacedAfterDescribing() throws {
        let folder = try TemporaryFolder()
        let plugin = try folder.copy(buildFolder + "/libVMNetBindingBridge.so", into: "plugins", as: "libVMNetReplaced.so")
        let searchPath = PluginSearchPath(folders: [.init(path: folder.path + "/plugins", origin: .option)])
        let cache = PluginCache(path: folder.path + "/plugins.json")
        _ = PluginRegistry(searchPath: searchPath, cache: cache)
        let registry = PluginRegistry(searchPath: searchPath, cache: cache)
        #expect(registry.plugins.map(\.name) == ["bridge"])

        try FileManager.default.removeItem(atPath: plugin)
        try FileManager.default.copyItem(atPath: buildFolder + "/libVMNetBindingBridge.so", toPath: plugin)
        let report = try validate(oneInterfaceVM(binding: "bridge"), with: registry.drivers)
        let failure = try #require(report.machines.flatMap(\.diagnostics).first { $0.rule == "plugin-failed" }, "\(report.machines.flatMap(\.diagnostics))")
        #expect(failure.message.contains("could not be opened: the file changed after vmnet read its description"), "\(failure.message)")
    }

    @Test("vmnet's cache: $VMNET_PLUGIN_CACHE, else /run/vmnet for root, else the user's runtime folder")
    func standardLocation() {
        #expect(PluginCache.standard(environment: ["VMNET_PLUGIN_CACHE": "/x/c.json"], effectiveUser: 1000)?.path == "/x/c.json")
        #expect(PluginCache.standard(environment: ["VMNET_PLUGIN_CACHE": "off"], effectiveUser: 0) == nil)
        #expect(PluginCache.standard(environment: [:], effectiveUser: 0)?.path == "/run/vmnet/plugins.json")
        #expect(PluginCache.standard(environment: ["XDG_RUNTIME_DIR": "/run/user/1000"], effectiveUser: 1000)?.path
            == "/run/user/1000/vmnet/plugins.json")
        #expect(PluginCache.standard(environment: [:], effectiveUser: 1000) == nil)
    }
}
