import Foundation
import Testing
import VMNetCore
import VMNetPluginHost

@Suite("Files the loader refuses, each with its reason")
struct RefusalTests {
    /// Builds `broken.c` with `defines` into a fresh `plugins` folder and loads that folder as a `--plugin-path`.
    func refusal(of defines: [String], file: String = "libBroken.so") throws -> (registry: PluginRegistry, path: String) {
        let folder = try TemporaryFolder()
        let path = try folder.folder("plugins") + "/" + file
        try compileCPlugin("broken.c", defines: defines, to: path)
        return (PluginRegistry(searchPath: PluginSearchPath(folders: [.init(path: folder.path + "/plugins", origin: .option)])), path)
    }

    static let brokenPlugins: [(define: String, reason: String, message: String)] = [
        ("BROKEN_ABI", "unknown-abi", "it was built for plugin ABI 2; this vmnet loads ABI 1"),
        ("BROKEN_CONTRACT", "no-common-contract", "it speaks contract versions 2.0, 3.1; this vmnet speaks 1.0"),
        ("BROKEN_NO_ENTRY", "missing-entry-symbol", "it exports no vmnet_plugin_entry, so it is not a vmnet plugin"),
        ("BROKEN_LIAR", "manifest-kind-mismatch", "a manifest that lies about its kind: the descriptor says binding but describe returns a backend manifest"),
        ("BROKEN_DESCRIBE", "invalid-manifest", "its manifest is invalid: the broken plugin cannot describe itself"),
        ("BROKEN_MANIFEST", "invalid-manifest",
         "its manifest is invalid: displayName is empty (messages start with it, e.g. 'Masquerade interface only implemented with pod network'); "
            + "backends is empty, so the binding can be used on no network (leave it out to mean any backend) (fix the plugin's describe answer)"),
        ("BROKEN_KIND", "unknown-kind", "its descriptor's kind is 7, neither a binding (1) nor a backend (2)"),
        ("PLUGIN_NAME=\"2fast\"", "malformed-descriptor", "its descriptor is malformed: name '2fast' must be letters, digits, '-' or '_', starting with a letter"),
    ]

    @Test("a broken C plugin is refused with its reason", arguments: brokenPlugins)
    func broken(_ example: (define: String, reason: String, message: String)) throws {
        let (registry, path) = try refusal(of: [example.define])
        #expect(registry.plugins.isEmpty)
        let refusal = try #require(registry.refused.first)
        #expect(registry.refused.count == 1)
        #expect(refusal.path == path)
        #expect(refusal.reason == example.reason)
        #expect(refusal.message.hasPrefix(example.message), "\(refusal.message)")
        #expect(refusal.description.hasPrefix("refusing plugin \(path): "))
    }

    @Test("a file without the entry symbol in the executable's own folder is skipped without a word")
    func missingSymbolBesideTheExecutable() throws {
        let folder = try TemporaryFolder()
        try compileCPlugin("broken.c", defines: ["BROKEN_NO_ENTRY"], to: folder.path + "/libOther.so")
        let registry = PluginRegistry(searchPath: PluginSearchPath(folders: [.init(path: folder.path, origin: .executable)]))
        #expect(registry.plugins.isEmpty && registry.refused.isEmpty)
    }

    @Test("a file that is not a shared object is refused with dlopen's message")
    func notASharedObject() throws {
        let folder = try TemporaryFolder()
        let path = try folder.folder("plugins") + "/libText.so"
        try "not ELF".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
        let registry = PluginRegistry(searchPath: PluginSearchPath(folders: [.init(path: folder.path + "/plugins", origin: .option)]))
        #expect(registry.refused.map(\.reason) == ["open-failed"])
        #expect(registry.refused.first?.message.contains("dlopen failed: \(path): file too short") == true, "\(registry.refused)")
    }

    @Test("a plugin writable by group or others is refused before it is opened", arguments: [0o666, 0o775, 0o757])
    func writable(mode: Int) throws {
        let folder = try TemporaryFolder()
        let path = try folder.folder("plugins") + "/libVMNetBindingMacvtap.so"
        try compileCPlugin("macvtap.c", to: path)
        chmod(path, mode_t(mode))
        let registry = PluginRegistry(searchPath: PluginSearchPath(folders: [.init(path: folder.path + "/plugins", origin: .option)]))
        #expect(registry.plugins.isEmpty)
        #expect(registry.refused == [.writableByOthers(path: path)])
        #expect(registry.refused.first?.message.hasSuffix("(chmod go-w \(path))") == true)
    }

    @Test("a plugin owned by another user than root or the caller is refused (needs root to chown)",
          .enabled(if: getuid() == 0, "chown to another user needs root"))
    func untrustedOwner() throws {
        let folder = try TemporaryFolder()
        let path = try folder.folder("plugins") + "/libVMNetBindingMacvtap.so"
        try compileCPlugin("macvtap.c", to: path)
        #expect(chown(path, 65534, 65534) == 0)
        let registry = PluginRegistry(searchPath: PluginSearchPath(folders: [.init(path: folder.path + "/plugins", origin: .option)]))
        #expect(registry.refused == [.untrustedOwner(path: path, owner: 65534, caller: 0)])
        #expect(registry.refused.first?.message.contains("chown root \(path)") == true)
    }

    @Test("of two plugins with one name, the first in the search path wins and the other is listed as shadowed")
    func duplicateName() throws {
        let folder = try TemporaryFolder()
        let first = try folder.folder("first") + "/libVMNetBindingMacvtap.so"
        let second = try folder.folder("second") + "/libMacvtapCopy.so"
        try compileCPlugin("macvtap.c", to: first)
        try compileCPlugin("macvtap.c", to: second)
        let registry = PluginRegistry(searchPath: PluginSearchPath(folders: [
            .init(path: folder.path + "/first", origin: .option), .init(path: folder.path + "/second", origin: .environment),
        ]))
        #expect(registry.plugins.map(\.file) == [first])
        #expect(registry.shadowed == [.duplicateName(path: second, kind: .binding, name: "cmacvtap", loadedFrom: first)])
        #expect(registry.refused == registry.shadowed)
        #expect(registry.shadowed.first?.message.hasPrefix("shadowed: a binding named 'cmacvtap' is already loaded from \(first)") == true)
    }

    @Test("a folder met twice in the search path is read once, so a plugin never shadows itself")
    func folderTwice() throws {
        let folder = try TemporaryFolder()
        try compileCPlugin("macvtap.c", to: try folder.folder("plugins") + "/libVMNetBindingMacvtap.so")
        let plugins = folder.path + "/plugins"
        let registry = PluginRegistry(searchPath: PluginSearchPath(folders: [
            .init(path: plugins, origin: .option), .init(path: plugins + "/.", origin: .environment),
        ]))
        #expect(registry.plugins.map(\.name) == ["cmacvtap"])
        #expect(registry.refused == [])
    }

    @Test("contract versions are negotiated like CNI's: the highest common one, or none")
    func negotiation() {
        let core = [ContractVersion(major: 1, minor: 0), ContractVersion(major: 1, minor: 1)]
        #expect(ContractVersion.negotiate(["1.0", "1.1", "2.0"], with: core)?.description == "1.1")
        #expect(ContractVersion.negotiate(["0.9", "1.0"], with: core)?.description == "1.0")
        #expect(ContractVersion.negotiate(["2.0", "banana", "1.0.0", ""], with: core) == nil)
        #expect(ContractVersion("1.10")! > ContractVersion("1.9")!)
        #expect(ContractVersion("+1.0") == nil && ContractVersion("1") == nil)
    }
}
