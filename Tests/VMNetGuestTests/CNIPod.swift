import Foundation
import VMNetTestKit
import Synchronization

/// A pod whose network a container runtime (libcni, `LibCNI`) attaches, plugin by plugin, from a "node" namespace:
/// the pod network's plugins and then `vmnet-cni`, which wires the VM's interface; `vmnet serve --netns-path`
/// then serves DHCP from the journals vmnet-cni wrote. Everything written (conflists, libcni's cache, host-local's
/// leases, vmnet's state, logs) is in the test's folder; `remove` detaches what is still attached, last first, and
/// deletes both namespaces and the folder, also after a failure.
final class CNIPod {
    private static let counter = Atomic<Int>(0)

    /// The pod's namespace (`ip netns` name).
    let name: String
    /// The node's namespace: where plugins run and where host-side links (ptp's veth end) land.
    let node: String
    /// The test's folder.
    let directory: URL
    /// The runtime attaching networks to this pod.
    let runtime: LibCNI
    /// vmnet-cni's `stateDir`, which `vmnet serve` reads too.
    var stateDirectory: String { directory.appendingPathComponent("state").path }
    /// The pod's namespace file, as the runtime passes it (`CNI_NETNS`).
    var path: String { "\(Self.namedNamespaces)/\(name)" }

    private static let namedNamespaces = "/var/run/netns"
    private var resolvConf: String { directory.appendingPathComponent("resolv.conf").path }
    private var attached: [(network: String, conflist: String, interface: String)] = []
    private var server: VMNetServe?
    private var webServer: NodeWebServer?

    /// Creates the node and pod namespaces (loopback up in both) and the folder, with the pod's resolv.conf
    /// (`PodUnderTest`'s); `vmnet-cni` is looked for beside `vmnet`.
    init() throws(GuestTestError) {
        let number = Self.counter.add(1, ordering: .relaxed).newValue
        name = "vmnet-test-cni-\(getpid())-\(number)-pod"
        node = "vmnet-test-cni-\(getpid())-\(number)-node"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmnet-test-cni-\(getpid())-\(number)")
        let plugin = URL(fileURLWithPath: VMNetBinary.path).deletingLastPathComponent().appendingPathComponent("vmnet-cni")
        guard FileManager.default.isExecutableFile(atPath: plugin.path) else { throw .notBuilt(path: plugin.path) }
        runtime = LibCNI(
            node: node, netns: "\(Self.namedNamespaces)/\(name)", containerID: "vmnet-guest-\(getpid())-\(number)",
            directory: directory.appendingPathComponent("cni"), pluginFolders: [plugin.deletingLastPathComponent().path])
        _ = try LibCNI.cnitool.get()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(PodUnderTest.resolvConfText.utf8).write(to: URL(fileURLWithPath: resolvConf))
        } catch {
            throw .io(path: directory.path, reason: "\(error)")
        }
        do {
            for namespace in [name, node] {
                try Command("/usr/sbin/ip", ["netns", "add", namespace]).check()
                try Command("/usr/sbin/ip", ["-n", namespace, "link", "set", "lo", "up"]).check()
            }
        } catch {
            remove()
            throw error
        }
    }

    /// CNI ADD of `network` (its conflist) as `interface`; returns libcni's final result.
    func attach(network: String, conflist: String, interface: String) throws(GuestTestError) -> [String: Any] {
        attached.append((network, conflist, interface))
        return try runtime.add(network: network, conflist: conflist, interface: interface)
    }

    /// CNI DEL of `network`, attached before.
    func detach(network: String) throws(GuestTestError) {
        guard let index = attached.lastIndex(where: { $0.network == network }) else {
            throw .io(path: name, reason: "network \(network) is not attached")
        }
        let attachment = attached.remove(at: index)
        try runtime.del(network: attachment.network, conflist: attachment.conflist, interface: attachment.interface)
    }

    /// Starts `vmnet serve --netns-path POD --state-dir STATE` and waits until it serves.
    func serve() throws(GuestTestError) {
        server = try VMNetServe(
            ["--netns-path", path], stateDirectory: stateDirectory, resolvConf: resolvConf,
            log: directory.appendingPathComponent("serve.log").path)
    }

    /// Stops `vmnet serve` and returns what it printed.
    func stopServing() -> String {
        defer { server = nil }
        return server?.stop() ?? ""
    }

    /// Starts the node's web server (`NodeWebServer`): what a guest's outbound request reaches.
    func serveWebOnNode() throws(GuestTestError) -> NodeWebServer {
        let server = try NodeWebServer(namespace: node, directory: directory)
        webServer = server
        return server
    }

    /// Runs a command inside the pod's namespace.
    func inPod(_ arguments: [String]) throws(GuestTestError) -> CommandResult {
        try Command("/usr/sbin/ip", ["netns", "exec", name] + arguments).run()
    }

    /// Runs a command inside the node's namespace.
    func onNode(_ arguments: [String]) throws(GuestTestError) -> CommandResult {
        try Command("/usr/sbin/ip", ["netns", "exec", node] + arguments).run()
    }

    /// The JSON files in the state directory (journals, attachment records), relative to it; the plugin cache
    /// (`plugins.json`) left out.
    var stateFiles: [String] {
        let files = FileManager.default.enumerator(atPath: stateDirectory)?.allObjects as? [String] ?? []
        return files.filter { $0.hasSuffix(".json") && $0 != "plugins.json" }.sorted()
    }

    /// Stops the servers, detaches what is still attached (last first), deletes both namespaces and the folder.
    func remove() {
        _ = stopServing()
        webServer?.stop()
        webServer = nil
        while let attachment = attached.popLast() {
            try? runtime.del(network: attachment.network, conflist: attachment.conflist, interface: attachment.interface)
        }
        for namespace in [name, node] {
            _ = try? Command("/usr/sbin/ip", ["netns", "del", namespace]).run()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
