import Foundation
import Glibc
import VMNetTestKit

/// A CNI runtime that is libcni itself, the library containerd, CRI-O, podman and Multus call plugins with: every
/// verb runs `Tests/CNIRuntime/cnitool` (a driver over Debian's libcni 1.1.2) inside a "node" namespace, for one pod
/// namespace. So plugins get exactly what a runtime gives them: its environment, the network's name and version
/// injected, `runtimeConfig` filtered by `capabilities`, `prevResult` from the result cache on CHECK and DEL, the
/// list's plugins in reverse on DEL.
///
/// Everything a run writes stays in the test's folder: the conflists (`net.d`), libcni's result cache (`cache`,
/// never `/var/lib/cni`) and host-local's leases (`ipam`). Whatever plugins make on the host side (bridges, veths,
/// NAT rules, `ip_forward`) lands in the node namespace and goes with it.
struct LibCNIRuntime {
    /// The namespace plugins run in, the node's.
    let node: TestNamespace
    /// The pod namespace, the default `CNI_NETNS`.
    let pod: TestNamespace
    /// The test's folder.
    let folder: TestFolder
    /// Folders searched for plugins before Debian's `/usr/lib/cni` (`CNI_PATH`).
    let extraPluginFolders: [String]
    /// The `PATH` plugins run with.
    let commandPath: String
    /// The default `CNI_CONTAINERID`.
    let containerID = "vmnet-test-\(getpid())-\(UUID().uuidString.prefix(8))"

    /// The folder of the conflists, `NETCONFPATH`.
    var configurationFolder: String { "\(folder.path)/net.d" }
    /// libcni's cache, `CNI_CACHE_DIR`.
    var cacheFolder: String { "\(folder.path)/cache" }
    /// host-local's `dataDir`.
    var ipamDataDirectory: String { "\(folder.path)/ipam" }

    /// The file libcni caches the ADD result of an attachment in: `results/NETWORK-CONTAINERID-IFNAME`.
    func cacheFile(network: String, interface: String = "eth0", containerID: String? = nil) -> String {
        "\(cacheFolder)/results/\(network)-\(containerID ?? self.containerID)-\(interface)"
    }

    /// Runs `body` with a fresh node namespace, pod namespace and folder, and deletes them afterwards, even when
    /// `body` throws. `ip6tables: false` leaves ip6tables off the plugins' `PATH`: Debian's portmap 1.1.1 runs its
    /// CHECK with ip6tables as well whenever that works, looking for the IPv4 rules there, so its CHECK passes only
    /// on a node without it (containernetworking/plugins#819).
    static func with<T>(
        extraPluginFolders: [String] = [], ip6tables: Bool = true, _ body: (LibCNIRuntime) throws -> T
    ) throws -> T {
        // Built first, so that a build failure leaves no namespace behind.
        _ = try Self.cnitool.get()
        return try TestFolder.with { folder in
            try TestNamespace.with(["node", "pod"]) { namespaces in
                var commandPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin"
                if !ip6tables {
                    let commands = "\(folder.path)/bin"
                    try FileManager.default.createDirectory(atPath: commands, withIntermediateDirectories: true)
                    for command in ["iptables", "iptables-save", "iptables-restore"] {
                        try FileManager.default.createSymbolicLink(
                            atPath: "\(commands)/\(command)", withDestinationPath: "/usr/sbin/\(command)")
                    }
                    commandPath = "\(commands):/usr/local/bin:/usr/bin"
                }
                let runtime = LibCNIRuntime(
                    node: namespaces[0], pod: namespaces[1], folder: folder, extraPluginFolders: extraPluginFolders,
                    commandPath: commandPath)
                return try body(runtime)
            }
        }
    }

    /// ADD: attaches `network`, whose conflist is `conflist`, as `interface`. `status` 0 and the result JSON on
    /// `output`, or libcni's error on `error`.
    func add(
        network: String, conflist: String, interface: String = "eth0", containerID: String? = nil,
        netns: String? = nil, cniArgs: String = "", capabilityArgs: [String: Any] = [:]
    ) throws -> CommandResult {
        try run(
            "add", network: network, conflist: conflist, interface: interface, containerID: containerID, netns: netns,
            cniArgs: cniArgs, capabilityArgs: capabilityArgs)
    }

    /// CHECK, with the cached ADD result as `prevResult`.
    func check(
        network: String, conflist: String, interface: String = "eth0", containerID: String? = nil,
        netns: String? = nil, cniArgs: String = "", capabilityArgs: [String: Any] = [:]
    ) throws -> CommandResult {
        try run(
            "check", network: network, conflist: conflist, interface: interface, containerID: containerID,
            netns: netns, cniArgs: cniArgs, capabilityArgs: capabilityArgs)
    }

    /// DEL, last plugin first, with the cached ADD result (if any) as `prevResult`; `netns: ""` is the DEL
    /// containerd sends when it removes a sandbox whose namespace is gone.
    func del(
        network: String, conflist: String, interface: String = "eth0", containerID: String? = nil,
        netns: String? = nil, cniArgs: String = "", capabilityArgs: [String: Any] = [:]
    ) throws -> CommandResult {
        try run(
            "del", network: network, conflist: conflist, interface: interface, containerID: containerID, netns: netns,
            cniArgs: cniArgs, capabilityArgs: capabilityArgs)
    }

    /// Writes `conflist` as `net.d/NETWORK.conflist`, named `network` and with host-local's leases in the test's
    /// folder, then runs `ip netns exec NODE cnitool VERB NETWORK NETNS` with only the variables a runtime sets.
    private func run(
        _ verb: String, network: String, conflist: String, interface: String, containerID: String?, netns: String?,
        cniArgs: String, capabilityArgs: [String: Any]
    ) throws -> CommandResult {
        try folder.write(try prepare(conflist, network: network), to: "net.d/\(network).conflist")
        var environment = [
            "PATH": commandPath, "NETCONFPATH": configurationFolder,
            "CNI_PATH": (extraPluginFolders + [CNIRuntime.pluginFolder]).joined(separator: ":"),
            "CNI_CACHE_DIR": cacheFolder, "CNI_IFNAME": interface, "CNI_CONTAINERID": containerID ?? self.containerID,
        ]
        if !cniArgs.isEmpty { environment["CNI_ARGS"] = cniArgs }
        if !capabilityArgs.isEmpty {
            environment["CAP_ARGS"] = String(
                decoding: try JSONSerialization.data(withJSONObject: capabilityArgs, options: .sortedKeys), as: UTF8.self)
        }
        return try VMNetCNITests.run(
            "/usr/sbin/ip", ["netns", "exec", node.name, try Self.cnitool.get(), verb, network, netns ?? pod.path],
            environment: environment)
    }

    /// `conflist` as it is written: its `name` is `network`, every host-local IPAM keeps its leases in `ipam`.
    private func prepare(_ conflist: String, network: String) throws -> String {
        guard var list = try JSONSerialization.jsonObject(with: Data(conflist.utf8)) as? [String: Any],
            var plugins = list["plugins"] as? [[String: Any]]
        else { throw TestFailure("the conflist of \(network) is not an object with a plugins list: \(conflist)") }
        list["name"] = network
        for index in plugins.indices {
            guard var ipam = plugins[index]["ipam"] as? [String: Any], ipam["type"] as? String == "host-local" else {
                continue
            }
            ipam["dataDir"] = ipamDataDirectory
            plugins[index]["ipam"] = ipam
        }
        list["plugins"] = plugins
        return String(decoding: try JSONSerialization.data(withJSONObject: list, options: .sortedKeys), as: UTF8.self)
    }

    /// The node's IPv4 NAT table, as `iptables-save -t nat` of the backend plugins use prints it.
    func natRules() throws -> [String] {
        let saved = try VMNetCNITests.run(
            "/usr/sbin/ip", ["netns", "exec", node.name, Self.iptablesSave, "-t", "nat"])
        guard saved.status == 0 else { throw TestFailure("\(Self.iptablesSave) in \(node.name): \(saved.stderr)") }
        return saved.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    /// The `iptables-save` of the backend `iptables` is on this machine (Debian's alternatives: nft by default,
    /// legacy when chosen), which is the one plugins run: they call `iptables` from `PATH`.
    static let iptablesSave: String = {
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/etc/alternatives/iptables")) ?? ""
        return target.hasSuffix("-legacy") ? "/usr/sbin/iptables-legacy-save" : "/usr/sbin/iptables-nft-save"
    }()

    /// The package's root: this file is `Tests/VMNetCNITests/LibCNI/LibCNIRuntime.swift` in it.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// `.build/cnitool`, built (or found up to date) by `Tests/CNIRuntime/build-cnitool.sh` once per test process.
    static let cnitool: Result<String, TestFailure> = {
        let path = "\(packageRoot)/.build/cnitool"
        do {
            let built = try VMNetCNITests.run("/bin/sh", ["\(packageRoot)/Tests/CNIRuntime/build-cnitool.sh", path])
            guard built.status == 0 else { return .failure(TestFailure("build-cnitool.sh: \(built.stdout)\(built.stderr)")) }
            return .success(path)
        } catch {
            return .failure(TestFailure("build-cnitool.sh: \(error)"))
        }
    }()

    /// Whether cnitool can be built: Go and Debian's libcni source are installed.
    static let canBuild = FileManager.default.isExecutableFile(atPath: "/usr/bin/go")
        && FileManager.default.fileExists(atPath: "/usr/share/gocode/src/github.com/containernetworking/cni/libcni/api.go")
}

extension CommandResult {
    /// What the command printed, decoded as a JSON object: an ADD's result.
    func jsonObject() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(stdout)")
        }
        return object
    }
}
