import FoundationEssentials
import Glibc
import VMNetCore
import VMNetSystem

/// Plugin descriptions remembered between runs, so that a command opens only the plugins it calls.
///
/// Loading a plugin maps a shared object of several megabytes and asks it to describe itself; a command such as
/// `vmnet up` needs every plugin's name to read a manifest but calls only the two or three the VM uses. With a
/// cache, a plugin file whose identity (`FileIdentity`: inode, size, times, owner, mode) is the one remembered is
/// described from the cache and opened on its first call; any other file is loaded as without a cache, and the
/// cache is rewritten. Entries are trusted only from a file that passes the same ownership checks as a plugin,
/// written by the same host executable speaking the same contract versions; anything else is ignored. The cache is
/// a convenience: a cache that cannot be read or written changes nothing but speed.
public struct PluginCache: Sendable, Equatable {
    /// The cache file.
    public let path: String

    /// A cache kept in `path`.
    public init(path: String) {
        self.path = path
    }

    /// The cache vmnet uses unless told otherwise: `$VMNET_PLUGIN_CACHE` (a file, or `off` for none), else
    /// `/run/vmnet/plugins.json` for root and `$XDG_RUNTIME_DIR/vmnet/plugins.json` for other users; none when
    /// neither applies.
    public static func standard(
        environment: [String: String] = ProcessInfo.processInfo.environment, effectiveUser: uid_t = geteuid()
    ) -> PluginCache? {
        if let setting = environment["VMNET_PLUGIN_CACHE"] {
            return setting == "off" || setting.isEmpty ? nil : PluginCache(path: setting)
        }
        if effectiveUser == 0 { return PluginCache(path: "/run/vmnet/plugins.json") }
        return environment["XDG_RUNTIME_DIR"].map { PluginCache(path: "\($0)/vmnet/plugins.json") }
    }

    /// The cache file's content.
    private struct Document: Codable {
        /// Bumped when the document's shape changes.
        static let currentFormat = 1

        var format: Int
        /// The executable that wrote it: another build of the host may read manifests differently.
        var host: FileIdentity
        /// The contract versions the host spoke, which decided each plugin's negotiated version.
        var contractVersions: [ContractVersion]
        var plugins: [CachedPlugin]
    }

    /// The identity of the running executable.
    static var host: FileIdentity? { FileIdentity(path: "/proc/self/exe") }

    /// The remembered plugins by file, or none when the cache is missing, untrusted, unreadable, or was written by
    /// another executable or for other contract versions.
    func read(contractVersions: [ContractVersion]) -> [String: CachedPlugin] {
        guard let host = Self.host, let bytes = Self.trustedContent(path),
            let document = try? JSONDecoder().decode(Document.self, from: Data(bytes)),
            document.format == Document.currentFormat, document.host == host,
            document.contractVersions == contractVersions
        else { return [:] }
        return Dictionary(document.plugins.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The content of `path` when it passes a plugin file's checks, read from the descriptor that was checked.
    private static func trustedContent(_ path: String) -> [UInt8]? {
        guard let file = try? TrustedFile(opening: path) else { return nil }
        return try? readAll(descriptor: file.descriptor, path: path)
    }

    /// Replaces the cache with `plugins`, atomically and durably (`replaceFile`), creating its folder if needed
    /// with mode 0700, as vmnet creates its state directory (`/run/vmnet` is both). Failures are ignored: the next
    /// run loads the plugins again and retries.
    func write(_ plugins: [CachedPlugin], contractVersions: [ContractVersion]) {
        guard let host = Self.host,
            let data = try? JSONEncoder().encode(
                Document(format: Document.currentFormat, host: host, contractVersions: contractVersions, plugins: plugins))
        else { return }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            mkdir(String(path[..<slash]), 0o700)
        }
        try? replaceFile(path, with: data, mode: 0o644)
    }
}
