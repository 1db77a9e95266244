import VMNetCore

/// Why the loader refused a plugin file, each with the fix; `vmnet plugins list` shows them.
public enum LoaderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file cannot be inspected, or is not a regular file.
    case unreadable(path: String, reason: String)
    /// The file is writable by its group or by others, so someone else could change the code vmnet runs.
    case writableByOthers(path: String)
    /// The file belongs to a user that is neither root nor the one running vmnet.
    case untrustedOwner(path: String, owner: UInt32, caller: UInt32)
    /// The folder holding the file (or the symbolic link to it) is writable by its group or by others, sticky or
    /// not, so someone else could put other code there under a plugin's name.
    case writableFolder(path: String, folder: String)
    /// `dlopen` failed: not a shared object for this machine, or a library it needs is missing.
    case openFailed(path: String, message: String)
    /// The file exports no `vmnet_plugin_entry`: it is not a vmnet plugin.
    case missingEntrySymbol(path: String)
    /// The descriptor's ABI version is not one this vmnet reads.
    case unknownABI(path: String, found: UInt32, supported: UInt32)
    /// The descriptor's kind is neither a binding nor a backend.
    case unknownKind(path: String, value: UInt32)
    /// The descriptor is missing a field or holds an invalid one.
    case malformedDescriptor(path: String, problem: String)
    /// The plugin and vmnet speak no contract version in common.
    case noCommonContract(path: String, plugin: [String], core: [String])
    /// `describe` failed, or returned a document that is not a manifest.
    case invalidManifest(path: String, problem: String)
    /// The descriptor says one kind and the manifest describes the other.
    case manifestKindMismatch(path: String, descriptor: PluginKind, manifest: PluginKind)
    /// The descriptor and the manifest disagree on the name or the version.
    case manifestMismatch(path: String, field: String, descriptor: String, manifest: String)
    /// A plugin of the same kind and name was found earlier in the search path; the first wins.
    case duplicateName(path: String, kind: PluginKind, name: String, loadedFrom: String)
    /// The file was replaced between the time its description was read from the cache and its first call.
    case changedSinceDescribed(path: String)

    /// The refused file.
    public var path: String {
        switch self {
        case .unreadable(let path, _), .writableByOthers(let path), .untrustedOwner(let path, _, _), .writableFolder(let path, _),
            .openFailed(let path, _), .missingEntrySymbol(let path), .unknownABI(let path, _, _),
            .unknownKind(let path, _), .malformedDescriptor(let path, _), .noCommonContract(let path, _, _),
            .invalidManifest(let path, _), .manifestKindMismatch(let path, _, _), .manifestMismatch(let path, _, _, _),
            .duplicateName(let path, _, _, _), .changedSinceDescribed(let path):
            path
        }
    }

    /// A stable identifier of the reason, for programs and tests, e.g. `writable-by-others`.
    public var reason: String {
        switch self {
        case .unreadable: "unreadable"
        case .writableByOthers: "writable-by-others"
        case .untrustedOwner: "untrusted-owner"
        case .writableFolder: "writable-folder"
        case .openFailed: "open-failed"
        case .missingEntrySymbol: "missing-entry-symbol"
        case .unknownABI: "unknown-abi"
        case .unknownKind: "unknown-kind"
        case .malformedDescriptor: "malformed-descriptor"
        case .noCommonContract: "no-common-contract"
        case .invalidManifest: "invalid-manifest"
        case .manifestKindMismatch: "manifest-kind-mismatch"
        case .manifestMismatch: "manifest-mismatch"
        case .duplicateName: "duplicate-name"
        case .changedSinceDescribed: "changed-since-described"
        }
    }

    /// Whether the file is a working plugin that another one of the same name hides.
    public var isShadowed: Bool {
        if case .duplicateName = self { return true }
        return false
    }

    /// What is wrong and what to do, without the path.
    public var message: String {
        switch self {
        case .unreadable(_, let reason):
            "the file cannot be read: \(reason)"
        case .writableByOthers(let path):
            "the file is writable by its group or by others, so anyone could change the code vmnet runs (chmod go-w \(path))"
        case .untrustedOwner(let path, let owner, let caller):
            "the file is owned by uid \(owner), neither root nor the caller (uid \(caller)) (chown root \(path), or install it as yourself)"
        case .writableFolder(_, let folder):
            "its folder \(folder) is writable by its group or by others, so anyone could put other code there for vmnet to run (chmod go-w \(folder), or install the plugin in a folder only root or you can write to)"
        case .openFailed(_, let message):
            "dlopen failed: \(message) (is it a shared object for this machine, with its libraries installed?)"
        case .missingEntrySymbol:
            "it exports no \(PluginABI.entrySymbol), so it is not a vmnet plugin (export one with VMNetPluginKit's PluginExport or vmnet_plugin.h; or move the file out of the plugin path)"
        case .unknownABI(_, let found, let supported):
            "it was built for plugin ABI \(found); this vmnet loads ABI \(supported) (rebuild it against this vmnet's vmnet_plugin.h or VMNetPluginKit)"
        case .unknownKind(_, let value):
            "its descriptor's kind is \(value), neither a binding (1) nor a backend (2) (fix the plugin's descriptor)"
        case .malformedDescriptor(_, let problem):
            "its descriptor is malformed: \(problem) (fix the plugin)"
        case .noCommonContract(_, let plugin, let core):
            "it speaks contract versions \(plugin.isEmpty ? "(none)" : plugin.joined(separator: ", ")); this vmnet speaks \(core.joined(separator: ", ")) (use a plugin release that speaks one of vmnet's versions, or a newer vmnet)"
        case .invalidManifest(_, let problem):
            "its manifest is invalid: \(problem) (fix the plugin's describe answer)"
        case .manifestKindMismatch(_, let descriptor, let manifest):
            "a manifest that lies about its kind: the descriptor says \(descriptor) but describe returns a \(manifest) manifest (make them agree)"
        case .manifestMismatch(_, let field, let descriptor, let manifest):
            "the descriptor's \(field) '\(descriptor)' differs from the manifest's '\(manifest)' (make them agree)"
        case .duplicateName(_, let kind, let name, let loadedFrom):
            "shadowed: a \(kind) named '\(name)' is already loaded from \(loadedFrom), which comes first in the plugin path (remove one, or reorder --plugin-path)"
        case .changedSinceDescribed:
            "the file changed after vmnet read its description (was it reinstalled while vmnet ran? run the command again)"
        }
    }

    public var description: String { "refusing plugin \(path): \(message)" }
}
