import Foundation
import VMNetCore
import VMNetEngine
import VMNetDHCP
import VMNetRuntime

/// Keeps the wired VMs in step with a folder of manifests: a file that appears is wired, one that goes is
/// unwired, one that changes is unwired and wired again. A file that fails is retried only once it changes.
struct FolderWatcher {
    private let options: DaemonOptions
    private let folder: ManifestFolder
    private let drivers: DriverSet
    private let resolvConf: ResolvConf
    private let log: @Sendable (String) -> Void
    /// Each file seen, by path: when it last changed, and what it wired (nil when it failed).
    private var seen: [String: (modified: Date, wired: WiredManifest?)] = [:]

    /// A watcher of `options.folder` that wires with `drivers`.
    init(options: DaemonOptions, drivers: DriverSet, resolvConf: ResolvConf, log: @escaping @Sendable (String) -> Void) {
        self.options = options
        folder = ManifestFolder(path: options.folder)
        self.drivers = drivers
        self.resolvConf = resolvConf
        self.log = log
    }

    /// Scans the folder once and wires or unwires what changed.
    mutating func poll() {
        let files = folder.scan()
        for (file, entry) in seen where files[file] != entry.modified {
            entry.wired?.unwire(log: log)
            seen[file] = nil
            if files[file] == nil { log("\(file): gone") }
        }
        for (file, modified) in files.sorted(by: { $0.key < $1.key }) where seen[file] == nil {
            log("\(file): wiring")
            do throws(DaemonError) {
                seen[file] = (modified, try wire(file))
            } catch {
                log("error: \(error)")
                seen[file] = (modified, nil)
            }
        }
    }

    /// Unwires every file, e.g. on shutdown.
    mutating func unwireAll() {
        for entry in seen.values { entry.wired?.unwire(log: log) }
        seen = [:]
    }

    private func wire(_ file: String) throws(DaemonError) -> WiredManifest {
        guard let name = try NamespaceAnnotation.namespace(in: file) ?? options.defaultNamespace else {
            throw .manifest(
                file: file, "no network namespace: annotate the VM with \(NamespaceAnnotation.key), or start with --netns")
        }
        return try WiredManifest(
            file: file, namespace: NetworkNamespace(name: name), drivers: drivers,
            stateDirectory: StateDirectory(path: options.stateDirectory), resolvConf: resolvConf, log: log)
    }
}
