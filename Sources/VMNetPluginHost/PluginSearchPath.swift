import Glibc

/// The folders searched for plugins, in order: the first plugin of a kind and name wins.
public struct PluginSearchPath: Sendable, Equatable {
    /// Where a folder of the search path comes from.
    public enum Origin: String, Sendable, Codable {
        /// A `--plugin-path` option.
        case option
        /// The `VMNET_PLUGIN_PATH` environment variable.
        case environment
        /// The folder of the running executable, where a build puts the plugins beside `vmnet`. Files there that
        /// export no entry symbol are other libraries, skipped without a word.
        case executable
        /// `../lib/vmnet/plugins` relative to the executable's folder: an installation prefix's plugins.
        case installation
        /// `/usr/local/lib/vmnet/plugins` or `/usr/lib/vmnet/plugins`.
        case system
    }

    /// One folder.
    public struct Folder: Sendable, Equatable {
        /// The folder's path, as given.
        public var path: String
        /// Where it comes from.
        public var origin: Origin

        /// Creates a folder entry.
        public init(path: String, origin: Origin) {
            self.path = path
            self.origin = origin
        }
    }

    /// The folders, in search order.
    public var folders: [Folder]

    /// Creates a search path of exactly `folders`.
    public init(folders: [Folder]) {
        self.folders = folders
    }

    /// The standard order: `options` (each `--plugin-path`), then `environment` (`$VMNET_PLUGIN_PATH`,
    /// colon-separated), then the executable's folder and `../lib/vmnet/plugins` beside it, then
    /// `/usr/local/lib/vmnet/plugins` and `/usr/lib/vmnet/plugins`.
    public static func standard(
        options: [String] = [], environment: String? = getenv("VMNET_PLUGIN_PATH").map { String(cString: $0) },
        executableFolder: String? = PluginSearchPath.executableFolder
    ) -> PluginSearchPath {
        var folders = options.map { Folder(path: $0, origin: .option) }
        folders += (environment ?? "").split(separator: ":").map { Folder(path: String($0), origin: .environment) }
        if let executableFolder {
            folders.append(Folder(path: executableFolder, origin: .executable))
            let prefix = executableFolder.split(separator: "/").dropLast().joined(separator: "/")
            folders.append(Folder(path: "/\(prefix)\(prefix.isEmpty ? "" : "/")lib/vmnet/plugins", origin: .installation))
        }
        folders += ["/usr/local/lib/vmnet/plugins", "/usr/lib/vmnet/plugins"].map { Folder(path: $0, origin: .system) }
        return PluginSearchPath(folders: folders)
    }

    /// Only the running executable's folder: what tests use, so the machine's installed plugins stay out.
    public static var besideExecutable: PluginSearchPath {
        PluginSearchPath(folders: executableFolder.map { [Folder(path: $0, origin: .executable)] } ?? [])
    }

    /// The folder of the running executable, from `/proc/self/exe` (symbolic links resolved).
    public static var executableFolder: String? {
        guard let executable = realpath("/proc/self/exe", nil) else { return nil }
        defer { free(executable) }
        let path = String(cString: executable)
        let folder = path[..<(path.lastIndex(of: "/") ?? path.endIndex)]
        return folder.isEmpty ? "/" : String(folder)
    }
}
