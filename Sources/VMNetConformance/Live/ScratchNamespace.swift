import Glibc
import Synchronization

/// A network namespace made for the live checks, `vmnet-conformance-<pid>-<n>`, that stands in for a pod as the
/// CNI left it: `eth0` 10.244.0.5/24 and fd00:10:244::5/64 with default routes via .1 and ::1 (MTU 1500), and
/// `net1` 10.250.0.2/24 (MTU 1450), each a veth whose peer sits in a second namespace, never in the host's.
struct ScratchNamespace {
    private static let counter = Atomic<Int>(0)

    /// The namespace, as `ip netns` names it.
    let name: String
    /// The namespace holding the veth peers.
    let peer: String
    private let folder: String

    /// Makes both namespaces and the pod's interfaces; commands' output goes to files in `folder`.
    init(folder: String) throws(ConformanceError) {
        let number = Self.counter.add(1, ordering: .relaxed).newValue
        name = "vmnet-conformance-\(getpid())-\(number)"
        peer = name + "-peer"
        self.folder = folder
        do throws(ConformanceError) {
            try make()
        } catch {
            delete()
            throw error
        }
    }

    private func make() throws(ConformanceError) {
        let commands: [[String]] = [
            ["netns", "add", name], ["netns", "add", peer],
            ["-n", name, "link", "set", "lo", "up"],
            ["-n", peer, "link", "add", "pod-eth0", "type", "veth", "peer", "name", "eth0", "netns", name],
            ["-n", peer, "link", "add", "pod-net1", "type", "veth", "peer", "name", "net1", "netns", name],
            ["-n", peer, "link", "set", "pod-eth0", "up"], ["-n", peer, "link", "set", "pod-net1", "up"],
            ["-n", name, "link", "set", "eth0", "address", "0a:58:0a:f4:00:05", "mtu", "1500", "up"],
            ["-n", name, "addr", "add", "10.244.0.5/24", "dev", "eth0"],
            ["-n", name, "addr", "add", "fd00:10:244::5/64", "dev", "eth0", "nodad"],
            ["-n", name, "route", "add", "default", "via", "10.244.0.1", "dev", "eth0"],
            ["-n", name, "-6", "route", "add", "default", "via", "fd00:10:244::1", "dev", "eth0"],
            ["-n", name, "link", "set", "net1", "address", "0a:58:0a:fa:fa:02", "mtu", "1450", "up"],
            ["-n", name, "addr", "add", "10.250.0.2/24", "dev", "net1"],
        ]
        for arguments in commands { try ip(arguments) }
    }

    /// Two scratch namespaces: the live checks apply VMs in the first and inject failures in the second.
    static func pair(folder: String) throws(ConformanceError) -> [ScratchNamespace] {
        let first = try ScratchNamespace(folder: folder)
        do throws(ConformanceError) {
            return [first, try ScratchNamespace(folder: folder)]
        } catch {
            first.delete()
            throw error
        }
    }

    /// Deletes both namespaces, and with them every link made in them.
    func delete() {
        for namespace in [name, peer] { try? ip(["netns", "delete", namespace]) }
    }

    private func ip(_ arguments: [String]) throws(ConformanceError) {
        guard let tool = Subprocess.tool("ip") else {
            throw .scratchNamespace("the ip command (package iproute2) is missing")
        }
        let output: Subprocess.Output
        do {
            output = try Subprocess.run(tool, arguments, folder: folder)
        } catch {
            throw .scratchNamespace(error.description)
        }
        guard output.termination == .exited(0) else {
            throw .scratchNamespace("ip \(arguments.joined(separator: " ")) \(output.termination): \(output.standardError)")
        }
    }
}
