import Foundation
import Testing
import VMNetTestKit
import VMNetCore

/// Whether Debian's containernetworking-plugins are installed where the tests run them from.
let cniPluginsInstalled = ["bridge", "macvlan", "ptp", "host-local", "tuning"].allSatisfy {
    FileManager.default.isExecutableFile(atPath: "\(CNIRuntime.pluginFolder)/\($0)")
}

/// The spec's ovs attachment as a Linux bridge network: the bridge plugin takes the same `bridge` key and makes the
/// same kind of L2-only pod interface (no IPAM). The `vlan` goes: the bridge plugin would turn on VLAN filtering,
/// which not every kernel has (the test machine's does not).
func ovsLike(_ attachment: NetworkAttachmentDefinition) -> String {
    guard var config = try? JSONSerialization.jsonObject(with: Data(attachment.config.utf8)) as? [String: Any],
        config["type"] as? String == "ovs"
    else { return attachment.config }
    config["type"] = "bridge"
    config.removeValue(forKey: "vlan")
    return String(decoding: try! JSONSerialization.data(withJSONObject: config), as: UTF8.self)
}

@Suite(
    "secondary multus networks made by real CNI plugins and wired by vmnet", .serialized,
    .enabled(if: isRoot, "needs root: it makes network namespaces"),
    .enabled(if: cniPluginsInstalled, "needs Debian's containernetworking-plugins in /usr/lib/cni"))
struct SecondaryNetworkTests {
    /// A VM on the spec's three secondary attachments, each through the bridge binding; the ptp one with the
    /// custom MAC that the tuning plugin sets.
    static let vm = """
        kind: VM
        metadata: {name: secondaries}
        spec:
          domain:
            devices:
              interfaces:
              - {name: macvlan, bridge: {}}
              - {name: ptp, bridge: {}, macAddress: "02:00:0a:01:01:63"}
              - {name: ovs, bridge: {}}
          networks:
          - {name: macvlan, multus: {networkName: macvlan-test}}
          - {name: ptp, multus: {networkName: ptp-mac}}
          - {name: ovs, multus: {networkName: ovs-vlan-100}}
        """

    static let attachmentFiles = ["spec/nad-macvlan-test.yaml", "spec/nad-ptp-mac.yaml", "spec/nad-ovs-vlan-100.yaml"]
        .map(VMNet.fixture)

    @Test("macvlan, ptp + tuning and an ovs-like bridge become net1, net2, net3 as the multus backend names them (needs root)")
    func namedByTheBackend() throws {
        try CNIPod.with { pod in
            let manifests = [try pod.folder.write(Self.vm, to: "secondaries.yaml")] + Self.attachmentFiles
            let attachments = try pod.attachAnnotatedNetworks(manifests, configure: ovsLike)
            #expect(attachments.map(\.interface) == ["net1", "net2", "net3"])
            #expect(try pod.pod.link("net1")?["linkinfo"].flatMap { ($0 as? [String: Any])?["info_kind"] as? String } == "macvlan")
            #expect(try pod.pod.addresses(of: "net1").first?.hasPrefix("10.250.250.") == true)
            #expect(try pod.pod.link("net2")?["address"] as? String == "02:00:0a:01:01:63", "tuning sets the VM's MAC")
            #expect(try pod.pod.addresses(of: "net2").first?.hasPrefix("10.1.1.") == true)
            #expect(try pod.pod.addresses(of: "net3").isEmpty)
            #expect(try pod.node.link("br1") != nil, "the bridge plugin made the node's br1")
        }
    }

    @Test("vmnet up wires them with the bridge binding, each guest gets its IPAM address from vmnet serve, vmnet down restores the pod exactly and CNI DEL succeeds (needs root)")
    func wiredEndToEnd() throws {
        try CNIPod.with { pod in
            let manifests = [try pod.folder.write(Self.vm, to: "secondaries.yaml")] + Self.attachmentFiles
            let attachments = try pod.attachAnnotatedNetworks(manifests, configure: ovsLike)
            let status = try pod.writeNetworkStatus(attachments)
            let before = try NamespaceSnapshot(pod.pod)

            let up = try pod.vmnet("up", ["--network-status", status], files: manifests)
            try #require(up.status == 0, "\(up.stderr)")
            for name in ["net1", "net2", "net3"] {
                #expect(try pod.pod.link(name)?["master"] as? String == "k6t-\(name)")
                #expect(try pod.pod.addresses(of: name).isEmpty, "the guest has the address now")
            }

            let service = try DHCPService(pod: pod.pod, state: pod.state, folder: pod.folder)
            defer { service.stop() }
            let guests = [(attachments[0], attachments[0].podInterface?["mac"] as? String ?? ""), (attachments[1], "02:00:0a:01:01:63")]
            for (attachment, mac) in guests {
                let lease = try Guest.with(in: pod.pod, bridge: "k6t-\(attachment.interface)", mac: mac) { guest in
                    try guest.udhcpc(in: pod.folder)
                }
                let address = try #require(attachment.addresses.first)
                #expect(lease?["ip"] == String(address.prefix { $0 != "/" }), "\(attachment.interface): \(service.stop())")
                #expect(lease?["mask"] == "24")
            }
            service.stop()

            let down = try pod.vmnet("down")
            #expect(down.status == 0, "\(down.stderr)")
            let after = try before.awaitMatch(pod.pod)
            #expect(after == before, "\(before.difference(from: after))")

            for attachment in attachments.reversed() {
                try pod.runtime.delete(attachment)
            }
            for name in ["net1", "net2", "net3"] {
                #expect(try pod.pod.link(name) == nil)
            }
        }
    }
}
