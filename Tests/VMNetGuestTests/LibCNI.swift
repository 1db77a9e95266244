import Foundation
import VMNetTestKit

/// libcni 1.1.2 as the container runtime: `Tests/CNIRuntime/cnitool` (built by `build-cnitool.sh`, the same binary
/// VMNetCNITests drive) run inside the node's namespace for one pod, with only the variables a runtime sets. The
/// conflists (`net.d`), libcni's result cache (`cache`, never /var/lib/cni) and host-local's leases (`ipam`, written
/// into each conflist) stay in `directory`.
struct LibCNI {
    /// Debian's containernetworking-plugins.
    static let debianPlugins = "/usr/lib/cni"
    /// The package's root (Tests/Guest is two levels below it).
    static let packageRoot = GuestRun.kit.deletingLastPathComponent().deletingLastPathComponent().path

    /// `.build/cnitool`, built (or found up to date) once per test process.
    static let cnitool: Result<String, GuestTestError> = Result { () throws(GuestTestError) in
        let path = "\(packageRoot)/.build/cnitool"
        try Command("/bin/sh", ["\(packageRoot)/Tests/CNIRuntime/build-cnitool.sh", path]).check()
        return path
    }

    /// Whether cnitool can be built here: Go and Debian's libcni source.
    static let canBuild = FileManager.default.isExecutableFile(atPath: "/usr/bin/go")
        && FileManager.default.fileExists(atPath: "/usr/share/gocode/src/github.com/containernetworking/cni/libcni/api.go")

    /// Whether Debian's plugins the pod network is made with are installed.
    static func hasPlugins(_ names: [String]) -> Bool {
        names.allSatisfy { FileManager.default.isExecutableFile(atPath: "\(debianPlugins)/\($0)") }
    }

    /// The namespace plugins run in (`ip netns` name).
    let node: String
    /// The pod's namespace file, `CNI_NETNS`.
    let netns: String
    /// `CNI_CONTAINERID`, one per pod.
    let containerID: String
    /// The folder of everything libcni and host-local write.
    let directory: URL
    /// `CNI_PATH`: folders searched for plugins before Debian's.
    let pluginFolders: [String]

    /// host-local's `dataDir`, for the conflists.
    var ipamDataDirectory: String { directory.appendingPathComponent("ipam").path }

    /// ADD of `network` (its conflist as JSON text, named `network`) as `interface`; returns the final result.
    func add(network: String, conflist: String, interface: String) throws(GuestTestError) -> [String: Any] {
        let output = try run("add", network: network, conflist: conflist, interface: interface)
        guard output.status == 0,
            let result = try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        else {
            throw .commandFailed(command: "cnitool add \(network) (\(interface))", status: output.status, stderr: output.stderr + output.stdout)
        }
        return result
    }

    /// DEL of `network` as `interface`, last plugin first, with the cached ADD result as `prevResult`.
    func del(network: String, conflist: String, interface: String) throws(GuestTestError) {
        let output = try run("del", network: network, conflist: conflist, interface: interface)
        guard output.status == 0 else {
            throw .commandFailed(command: "cnitool del \(network) (\(interface))", status: output.status, stderr: output.stderr)
        }
    }

    private func run(_ verb: String, network: String, conflist: String, interface: String) throws(GuestTestError) -> CommandResult {
        let folder = directory.appendingPathComponent("net.d")
        let file = folder.appendingPathComponent("\(network).conflist")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(conflist.utf8).write(to: file)
        } catch {
            throw .io(path: file.path, reason: "\(error)")
        }
        let environment = [
            "PATH=/usr/sbin:/usr/bin", "NETCONFPATH=\(folder.path)",
            "CNI_PATH=\((pluginFolders + [Self.debianPlugins]).joined(separator: ":"))",
            "CNI_CACHE_DIR=\(directory.appendingPathComponent("cache").path)", "CNI_IFNAME=\(interface)",
            "CNI_CONTAINERID=\(containerID)",
        ]
        return try Command(
            "/usr/sbin/ip",
            ["netns", "exec", node, "/usr/bin/env", "-i"] + environment + [try Self.cnitool.get(), verb, network, netns]
        ).run()
    }
}
