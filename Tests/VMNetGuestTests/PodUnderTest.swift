import Foundation
import VMNetTestKit
import Synchronization

/// A KubeVirt pod as the CNI leaves it, with a node beside it, wired and unwired by the real
/// `vmnet`: the acceptance tests' other side of the guest.
///
/// The "pod" namespace's eth0 is one end of a veth whose other end, in the "node" namespace,
/// holds the node's address: pod 10.244.0.5/24 via 10.244.0.1 (and, with IPv6, fd00:10:244::5/64
/// via fd00:10:244::1). `wire` snapshots the pod, runs `vmnet up` and `vmnet serve` and returns
/// the devices `vmnet domain --devices-only` prints for it; `unwire` stops serving, runs
/// `vmnet down` and compares the pod with the snapshot; `remove` deletes everything, also after
/// a failure.
final class PodUnderTest {
    /// The pod's eth0 address, its node-side gateway and their prefix length.
    static let podAddress = "10.244.0.5"
    static let nodeAddress = "10.244.0.1"
    static let prefixLength = 24
    /// The IPv6 ones, with `ipv6: true`.
    static let podAddress6 = "fd00:10:244::5"
    static let nodeAddress6 = "fd00:10:244::1"
    /// eth0's MAC, as a CNI derives it from the address (0a:58 + the IPv4 address).
    static let podMAC = "0a:58:0a:f4:00:05"
    /// The pod's resolv.conf, which `vmnet serve` hands the guest.
    static let dnsServer = "10.96.0.10"
    static let searchDomains = ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"]
    /// That resolv.conf's text.
    static let resolvConfText = "nameserver \(dnsServer)\nsearch \(searchDomains.joined(separator: " "))\noptions ndots:5\n"

    private static let counter = Atomic<Int>(0)

    /// The pod's namespace (`ip netns` name).
    let name: String
    /// The node's namespace.
    let node: String
    /// The test's folder: vmnet's state, resolv.conf, the pod description, the node's web root.
    let directory: URL
    private var stateDirectory: String { directory.appendingPathComponent("state").path }
    private var resolvConf: String { directory.appendingPathComponent("resolv.conf").path }
    private var serveLog: String { directory.appendingPathComponent("serve.log").path }
    private var webServer: NodeWebServer?
    private var server: VMNetServe?
    private var before: NamespaceSnapshot?
    private var isWired = false

    /// Creates both namespaces and the veth, with the IPv6 addresses and route when `ipv6`, and
    /// the pod's own `sysctls` (e.g. `net.ipv4.ip_unprivileged_port_start`); removes what it made
    /// if a step fails.
    init(ipv6: Bool = false, sysctls: [String: String] = [:]) throws(GuestTestError) {
        let number = Self.counter.add(1, ordering: .relaxed).newValue
        name = "vmnet-test-acc-\(getpid())-\(number)-pod"
        node = "vmnet-test-acc-\(getpid())-\(number)-node"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vmnet-test-acc-\(getpid())-\(number)")
        try Self.require("/usr/sbin/ip", package: "iproute2")
        try Self.require("/usr/sbin/iptables-legacy-save", package: "iptables")
        try Self.require("/bin/busybox", package: "busybox-static")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(Self.resolvConfText.utf8).write(to: URL(fileURLWithPath: resolvConf))
        } catch {
            throw .io(path: directory.path, reason: "\(error)")
        }
        do {
            try Self.ip("netns", "add", name)
            try Self.ip("netns", "add", node)
            try Self.ip("-n", name, "link", "set", "lo", "up")
            try Self.ip("-n", node, "link", "set", "lo", "up")
            try Self.ip("-n", node, "link", "add", "veth-pod", "type", "veth", "peer", "name", "eth0", "netns", name)
            try Self.ip("-n", name, "link", "set", "eth0", "address", Self.podMAC)
            try Self.ip("-n", node, "addr", "add", "\(Self.nodeAddress)/\(Self.prefixLength)", "dev", "veth-pod")
            try Self.ip("-n", name, "addr", "add", "\(Self.podAddress)/\(Self.prefixLength)", "dev", "eth0")
            if ipv6 {
                try Self.ip("-n", node, "-6", "addr", "add", "\(Self.nodeAddress6)/64", "dev", "veth-pod", "nodad")
                try Self.ip("-n", name, "-6", "addr", "add", "\(Self.podAddress6)/64", "dev", "eth0", "nodad")
            }
            try Self.ip("-n", node, "link", "set", "veth-pod", "up")
            try Self.ip("-n", name, "link", "set", "eth0", "up")
            try Self.ip("-n", name, "route", "add", "default", "via", Self.nodeAddress)
            if ipv6 {
                try Self.ip("-n", name, "-6", "route", "add", "default", "via", Self.nodeAddress6)
            }
            for (key, value) in sysctls.sorted(by: { $0.key < $1.key }) {
                try Command("/usr/sbin/ip", ["netns", "exec", name, "/usr/sbin/sysctl", "-q", "-w", "\(key)=\(value)"]).check()
            }
            try NamespaceSnapshot.waitUntilSettled(name, interface: "eth0")
        } catch {
            remove()
            throw error
        }
    }

    /// Starts the node's web server (`NodeWebServer`): what a guest's outbound request reaches.
    @discardableResult
    func serveWebOnNode() throws(GuestTestError) -> NodeWebServer {
        let server = try NodeWebServer(namespace: node, directory: directory)
        webServer = server
        return server
    }

    /// Adds a secondary interface with the CNI plugin of a NetworkAttachmentDefinition (JSON).
    func addSecondaryNetwork(attachmentFile: String, interface: String) throws(GuestTestError) -> SecondaryNetwork {
        try SecondaryNetwork.add(
            attachmentFile: attachmentFile, interface: interface, pod: name, node: node, directory: directory)
    }

    /// Snapshots the pod, wires it (`vmnet up`, taps owned by QEMU's user) and, with `dhcp`, starts
    /// `vmnet serve` and waits until it serves; returns the guest's devices: what
    /// `vmnet domain --devices-only --pod` prints from the pod's interfaces as `vmnet up` found them
    /// (a `<devices>` element, and for slirp a `<qemu:commandline>`).
    func wire(_ manifests: [String], dhcp: Bool = true, natBackend: String = "auto") throws(GuestTestError) -> String {
        let qemu = try QEMUUser.prepared.get()
        before = try NamespaceSnapshot.take(of: name)
        let description = directory.appendingPathComponent("pod.json")
        let facts = try PodDescription.json(of: name)
        do {
            try facts.write(to: description)
        } catch {
            throw .io(path: description.path, reason: "\(error)")
        }
        let devices = try VMNetBinary.command(["domain", "--devices-only", "--pod", description.path] + manifests).check()
        try VMNetBinary.command(
            ["up"] + manifests + [
                "--netns", name, "--state-dir", stateDirectory, "--tap-owner", String(qemu.uid), "--tap-group",
                String(qemu.gid), "--nat-backend", natBackend,
            ]
        ).check()
        isWired = true
        if dhcp {
            server = try VMNetServe(["--netns", name], stateDirectory: stateDirectory, resolvConf: resolvConf, log: serveLog)
        }
        return devices
    }

    /// Stops `vmnet serve`, runs `vmnet down` and compares the pod with the snapshot `wire` took
    /// (for up to 3 s: a link's carrier and IPv6 link-local address come back by themselves).
    func unwire() throws(GuestTestError) -> Teardown {
        let served = stopServing()
        let down = try VMNetBinary.command(["down", "--netns", name, "--state-dir", stateDirectory]).check()
        isWired = false
        guard let before else {
            throw .io(path: name, reason: "unwire() before wire(): no snapshot to compare with")
        }
        return Teardown(serveLog: served, downOutput: down, differences: try before.differences(inNamespace: name))
    }

    /// Runs a command inside the pod's namespace.
    func inPod(_ arguments: [String]) throws(GuestTestError) -> CommandResult {
        try Command("/usr/sbin/ip", ["netns", "exec", name] + arguments).run()
    }

    /// Runs a command inside the node's namespace.
    func onNode(_ arguments: [String]) throws(GuestTestError) -> CommandResult {
        try Command("/usr/sbin/ip", ["netns", "exec", node] + arguments).run()
    }

    /// Stops the servers, unwires the pod if a test failed before `unwire`, deletes both
    /// namespaces and the folder.
    func remove() {
        _ = stopServing()
        webServer?.stop()
        webServer = nil
        if isWired {
            _ = try? VMNetBinary.command(["down", "--netns", name, "--state-dir", stateDirectory]).run()
            isWired = false
        }
        try? Self.ip("netns", "del", name)
        try? Self.ip("netns", "del", node)
        try? FileManager.default.removeItem(at: directory)
    }

    /// Stops `vmnet serve` if it runs and returns what it printed.
    private func stopServing() -> String {
        defer { server = nil }
        return server?.stop() ?? ""
    }

    private static func ip(_ arguments: String...) throws(GuestTestError) {
        try Command("/usr/sbin/ip", arguments).check()
    }

    private static func require(_ path: String, package: String) throws(GuestTestError) {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw .missingTool(path: path, package: package)
        }
    }
}

/// What `PodUnderTest.unwire` saw: what `vmnet serve` printed, `vmnet down`'s output and how the
/// pod differs from its snapshot (nothing, when vmnet restored it exactly).
struct Teardown {
    /// Everything `vmnet serve` printed.
    let serveLog: String
    /// `vmnet down`'s output.
    let downOutput: String
    /// `- section: line` / `+ section: line` per difference from the snapshot.
    let differences: [String]

    /// The `lease <ip> to <mac> on <bridge> …` lines of `vmnet serve`.
    var leases: [DHCPLeaseLine] {
        serveLog.split(whereSeparator: \.isNewline).compactMap { line in
            let words = line.split(separator: " ").map(String.init)
            guard words.count >= 6, words[0] == "lease", words[2] == "to", words[4] == "on" else { return nil }
            return DHCPLeaseLine(address: words[1], macAddress: words[3], bridge: words[5])
        }
    }
}

/// One lease `vmnet serve` reported granting.
struct DHCPLeaseLine: Hashable, CustomStringConvertible {
    /// The address leased.
    let address: String
    /// The client's MAC address.
    let macAddress: String
    /// The bridge the server listens on, e.g. `k6t-eth0`.
    let bridge: String

    var description: String { "\(address) to \(macAddress) on \(bridge)" }
}
