import Foundation
import VMNetTestKit
import Testing

/// The acceptance scenario of vmnet as a CNI plugin (issue 12): libcni 1.1.2 attaches a pod network with Debian's
/// ptp + host-local and then `vmnet-cni` as its own attachment, KubeVirt's binding-CNI way; `vmnet serve
/// --netns-path` serves DHCP from the journals vmnet-cni wrote; a real guest boots on the tap vmnet-cni made and is
/// checked as `AcceptanceTests.masqueradeWithPorts` checks one wired by `vmnet up`: its lease, the forwarded port and
/// an unlisted one. CNI DEL must then leave the pod as it was before vmnet-cni's ADD, and no journal behind.
@Suite(
    "Acceptance: a real guest in a pod wired by vmnet-cni through libcni", .timeLimit(.minutes(5)),
    .enabled(if: getuid() == 0, "creates network namespaces, runs CNI plugins and boots libvirt guests: needs root"),
    .enabled(
        if: ["/usr/bin/qemu-system-x86_64", "/usr/bin/virt-qemu-run"].allSatisfy(FileManager.default.isExecutableFile),
        "needs qemu-system-x86 and libvirt-daemon-driver-qemu"),
    .enabled(if: LibCNI.canBuild, "needs golang-go and golang-github-appc-cni-dev to build cnitool"),
    .enabled(if: LibCNI.hasPlugins(["ptp", "host-local"]), "needs Debian's containernetworking-plugins in /usr/lib/cni"))
struct CNIAcceptanceTests {
    /// The pod network: ptp with host-local IPAM (leases in `dataDir`), no NAT of its own.
    static func podNetwork(ipam dataDirectory: String) -> String {
        """
        {"cniVersion": "1.0.0", "name": "podnet", "plugins": [
          {"type": "ptp", "ipMasq": false,
           "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.97.0.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}],
                    "dataDir": "\(dataDirectory)"}}]}
        """
    }

    /// The spec's masquerade example with a port (Tests/Fixtures/spec/masquerade-ports.yaml) as the KubeVirt
    /// document vmnet-cni takes in `args.cni.vmnet`.
    static let masqueradeVM = """
        {"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstance",
         "metadata": {"name": "vmi-masquerade", "namespace": "default"},
         "spec": {"domain": {"devices": {"interfaces": [{"name": "red", "masquerade": {}, "ports": [{"port": 80}]}]}},
                  "networks": [{"name": "red", "pod": {}}]}}
        """

    /// vmnet-cni as the binding's own attachment: its state in `state`, taps for QEMU's user.
    static func binding(state: String, qemu: QEMUUser) -> String {
        """
        {"cniVersion": "1.0.0", "name": "vmnet", "plugins": [
          {"type": "vmnet-cni", "stateDir": "\(state)", "tapOwner": \(qemu.uid), "tapGroup": \(qemu.gid),
           "args": {"cni": {"logicNetworkName": "red", "vmnet": \(masqueradeVM)}}}]}
        """
    }

    /// What one run saw, gathered on its own thread.
    struct Observed {
        /// The pod's `ip netns` name and namespace file.
        var podName = ""
        var podPath = ""
        var podAddress = ""
        var podMAC = ""
        var nodeAddress = ""
        /// vmnet-cni's ADD result: each interface's name and sandbox.
        var added: [(name: String, sandbox: String)] = []
        /// The state directory's files after the ADD and after vmnet-cni's DEL.
        var stateAfterAdd: [String] = []
        var stateAfterDel: [String] = []
        var devices = ""
        var tap = ""
        var report = GuestReport(serialLog: "")
        var port80 = CommandResult(status: -1, stdout: "", stderr: "")
        var port81 = CommandResult(status: -1, stdout: "", stderr: "")
        var peers: [String] = []
        var teardown = Teardown(serveLog: "", downOutput: "", differences: [])
        /// The pod's links once the whole pod network is deleted too.
        var linksAtEnd = ""
    }

    @Test(
        "masquerade with ports [80] attached by vmnet-cni after ptp + host-local: vmnet serve leases 10.0.2.2 from the CNI journals, the node reaches port 80 at the pod IP, not 81; CNI DEL restores the pod and leaves no journal (needs root)")
    func masqueradeAttachedByCNI() async throws {
        let seen = try await onOwnThread { () throws -> Observed in
            var seen = Observed()
            let qemu = try QEMUUser.prepared.get()
            let pod = try CNIPod()
            defer { pod.remove() }
            seen.podName = pod.name
            seen.podPath = pod.path
            let podNetwork = try pod.attach(
                network: "podnet", conflist: Self.podNetwork(ipam: pod.runtime.ipamDataDirectory), interface: "eth0")
            let ip = (podNetwork["ips"] as? [[String: Any]])?.first
            seen.podAddress = String((ip?["address"] as? String ?? "").split(separator: "/").first ?? "")
            seen.nodeAddress = ip?["gateway"] as? String ?? ""
            seen.podMAC = ((podNetwork["interfaces"] as? [[String: Any]]) ?? [])
                .first { $0["name"] as? String == "eth0" && $0["sandbox"] != nil }?["mac"] as? String ?? ""
            try NamespaceSnapshot.waitUntilSettled(pod.name, interface: "eth0")
            let node = try pod.serveWebOnNode()

            let before = try NamespaceSnapshot.take(of: pod.name)
            let binding = Self.binding(state: pod.stateDirectory, qemu: qemu)
            let added = try pod.attach(network: "vmnet", conflist: binding, interface: "net1")
            seen.added = ((added["interfaces"] as? [[String: Any]]) ?? []).map {
                ($0["name"] as? String ?? "", $0["sandbox"] as? String ?? "")
            }
            seen.stateAfterAdd = pod.stateFiles
            // The guest's devices, as a launcher gets them: from the journal vmnet-cni wrote, no manifest needed.
            seen.devices = try VMNetBinary.command(
                ["domain", "--devices-only", "--netns-path", "/var/run/netns/\(pod.name)", "--state-dir", pod.stateDirectory]).check()
            seen.tap = try pod.inPod(["/usr/sbin/ip", "-d", "link", "show", "tap0"]).stdout
            try pod.serve()

            let guest = try GuestRun(
                devices: seen.devices, scenario: "serve-http", namespace: pod.name,
                arguments: ["token": "cni-1", "ports": "81", "target": AcceptanceTests.nodePage(seen.nodeAddress)]
            ).start()
            defer { guest.stop() }
            _ = try guest.waitForLine(startingWith: "VMNET-READY")
            seen.port80 = try pod.onNode(AcceptanceTests.httpGet("http://\(seen.podAddress)/cgi-bin/peer"))
            seen.port81 = try pod.onNode(["/bin/sh", "-c", "echo hello | /bin/busybox nc -w 3 \(seen.podAddress) 81"])
            _ = try pod.onNode(AcceptanceTests.httpGet("http://\(seen.podAddress)/cgi-bin/stop"))
            seen.report = guest.finish()
            seen.peers = node.peers

            let served = pod.stopServing()
            try pod.detach(network: "vmnet")
            seen.teardown = Teardown(serveLog: served, downOutput: "", differences: try before.differences(inNamespace: pod.name))
            seen.stateAfterDel = pod.stateFiles
            try pod.detach(network: "podnet")
            seen.linksAtEnd = try Command("/usr/sbin/ip", ["-n", pod.name, "-o", "link", "show"]).check()
            return seen
        }

        #expect(seen.podAddress.hasPrefix("10.97.0.") && seen.nodeAddress == "10.97.0.1", "ptp's result: \(seen.podAddress) via \(seen.nodeAddress)")
        #expect(seen.added.map(\.name) == ["k6t-eth0", "tap0"], "\(seen.added)")
        #expect(seen.added.allSatisfy { $0.sandbox == seen.podPath }, "\(seen.added)")
        // What vmnet serve reads: the journal under the namespace's name, beside the attachment record.
        #expect(
            seen.stateAfterAdd.count == 2 && seen.stateAfterAdd.contains { $0.hasPrefix("attachments/") }
                && seen.stateAfterAdd.contains { $0.hasPrefix("\(seen.podName)/") },
            "an attachment record and the pod's journal: \(seen.stateAfterAdd)")
        #expect(seen.devices.contains("<target dev='tap0' managed='no'/>") && seen.devices.contains("<mac address='\(seen.podMAC)'/>"), "\(seen.devices)")
        #expect(seen.tap.contains("user libvirt-qemu group libvirt-qemu"), "vmnet-cni's tapOwner/tapGroup: \(seen.tap)")

        let nic = try #require(seen.report.nic(mac: seen.podMAC), "\(seen.report)")
        #expect(seen.report.finished && seen.report.problems.isEmpty, "\(seen.report)")
        #expect(nic["dhcp"] == "ok" && nic.ipv4 == "\(AcceptanceTests.guestAddress)/24", "\(seen.report)")
        #expect(nic["router"] == AcceptanceTests.bridgeAddress)
        #expect(nic.list("dns") == [PodUnderTest.dnsServer])
        #expect(nic.list("search") == PodUnderTest.searchDomains)
        #expect(
            seen.teardown.leases == [DHCPLeaseLine(address: AcceptanceTests.guestAddress, macAddress: seen.podMAC, bridge: "k6t-eth0")],
            "vmnet serve: \(seen.teardown.serveLog)")
        #expect(seen.report.fetches.first?["body"] == "node \(seen.podAddress)", "\(seen.report)")
        #expect(seen.peers == [seen.podAddress])
        #expect(seen.port80.stdout == "cni-1 \(seen.nodeAddress)\n", "\(seen.port80)")
        #expect(seen.port81.status != 0 && !seen.port81.stdout.contains("cni-1"), "\(seen.port81)")
        #expect(!seen.report.received.contains { $0["port"] == "81" }, "\(seen.report)")

        #expect(seen.teardown.differences.isEmpty, "vmnet-cni's DEL left the pod changed:\n\(seen.teardown.differences.joined(separator: "\n"))")
        #expect(seen.stateAfterDel.isEmpty, "no journal or attachment record is left: \(seen.stateAfterDel)")
        #expect(seen.linksAtEnd.split(whereSeparator: \.isNewline).count == 1 && seen.linksAtEnd.contains(": lo:"), "\(seen.linksAtEnd)")
    }
}
