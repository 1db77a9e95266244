import Foundation
import Testing
import VMNetTestKit

@Suite(
    "a multus default network made by a real CNI plugin and wired by vmnet", .serialized,
    .enabled(if: isRoot, "needs root: it makes network namespaces"),
    .enabled(if: cniPluginsInstalled, "needs Debian's containernetworking-plugins in /usr/lib/cni"))
struct MultusDefaultNetworkTests {
    static let manifests = ["spec/multus-default.yaml", "spec/nad-macvlan-test.yaml"].map(VMNet.fixture)

    @Test("the spec's macvlan-test example: eth0 from macvlan + host-local, the guest's DHCP lease is its address, down restores eth0, CNI DEL succeeds (needs root)")
    func macvlanTest() throws {
        try CNIPod.with { pod in
            let attachments = try pod.attachAnnotatedNetworks(Self.manifests)
            let eth0 = try #require(attachments.first)
            #expect(attachments.map(\.interface) == ["eth0"])
            #expect(eth0.network == "default/macvlan-test")
            let address = try #require(eth0.addresses.first)
            #expect(address.hasPrefix("10.250.250."))
            let status = try pod.writeNetworkStatus(attachments)
            let before = try NamespaceSnapshot(pod.pod)

            let up = try pod.vmnet("up", ["--network-status", status], files: Self.manifests)
            try #require(up.status == 0, "\(up.stderr)")
            #expect(try pod.pod.link("eth0")?["master"] as? String == "k6t-eth0")

            let service = try DHCPService(pod: pod.pod, state: pod.state, folder: pod.folder)
            defer { service.stop() }
            let mac = try #require(eth0.podInterface?["mac"] as? String)
            let lease = try Guest.with(in: pod.pod, bridge: "k6t-eth0", mac: mac) { guest in try guest.udhcpc(in: pod.folder) }
            #expect(lease?["ip"] == String(address.prefix { $0 != "/" }), "\(service.stop())")
            #expect(lease?["mask"] == "24")
            #expect(lease?["dns"] == "10.96.0.10")
            service.stop()

            let down = try pod.vmnet("down")
            #expect(down.status == 0, "\(down.stderr)")
            let after = try before.awaitMatch(pod.pod)
            #expect(after == before, "\(before.difference(from: after))")
            try pod.runtime.delete(eth0)
            #expect(try pod.pod.link("eth0") == nil)
        }
    }

    @Test("the network-status annotation names the primary pod interface: a default network attached as eth5 is wired on eth5 (needs root)")
    func primaryNamedByNetworkStatus() throws {
        try CNIPod.with { pod in
            let nad = try #require(try CNIPod.attachments(in: [Self.manifests[1]]).first)
            let attachment = try pod.runtime.add(nad.config, network: nad.qualifiedName, interface: "eth5", isDefault: true)
            let status = try pod.writeNetworkStatus([attachment])
            let before = try NamespaceSnapshot(pod.pod)

            let withoutStatus = try pod.vmnet("up", files: Self.manifests)
            #expect(withoutStatus.status == 1)
            #expect(withoutStatus.stderr.contains("pod link for interface test1 is missing"), "\(withoutStatus.stderr)")

            let up = try pod.vmnet("up", ["--network-status", status], files: Self.manifests)
            try #require(up.status == 0, "\(up.stderr)")
            #expect(try pod.pod.link("eth5")?["master"] as? String == "k6t-eth5")
            #expect(try pod.pod.link("tap0") != nil, "the primary interface's tap is tap0 whatever its name")
            #expect(try pod.vmnet("down").status == 0)
            #expect(try before.awaitMatch(pod.pod) == before)
            try pod.runtime.delete(attachment)
        }
    }

    @Test("a default network whose delegate returns no IP address fails the plan naming the network and interface, and the pod is left alone (needs root)")
    func defaultWithoutAddress() throws {
        try CNIPod.with { pod in
            let noIPAM = try pod.folder.write("""
                kind: NetworkAttachmentDefinition
                metadata: {name: macvlan-test}
                spec:
                  config: '{"cniVersion": "0.3.1", "type": "macvlan", "master": "eth0", "mode": "bridge"}'
                """, to: "nad-macvlan-no-ipam.yaml")
            let manifests = [Self.manifests[0], noIPAM]
            let attachments = try pod.attachAnnotatedNetworks(manifests)
            #expect(try pod.pod.addresses(of: "eth0").isEmpty)
            let before = try NamespaceSnapshot(pod.pod)

            let up = try pod.vmnet("up", files: manifests)
            #expect(up.status == 1)
            #expect(up.stderr.contains(
                "multus network test1: pod interface eth0 has no IP address, but the CNI delegate of a default network must return at least one"),
                "\(up.stderr)")
            #expect(try NamespaceSnapshot(pod.pod) == before)
            try pod.runtime.delete(attachments[0])
        }
    }
}

@Suite("NetworkAttachmentDefinitions")
struct AttachmentDefinitionTests {
    @Test("one whose CNI config is not valid JSON fails validation, naming the attachment")
    func invalidConfig() throws {
        try TestFolder.with { folder in
            let nad = try folder.write("""
                kind: NetworkAttachmentDefinition
                metadata: {name: macvlan-test}
                spec:
                  config: '{"type": "macvlan", "master": eth0}'
                """, to: "nad.yaml")
            let result = try VMNet.run(["validate", VMNet.fixture("spec/multus-default.yaml"), nad])
            #expect(result.status == 1)
            #expect(result.stdout.contains("\(nad):4:11: error: spec.config: the CNI config of 'macvlan-test' is not valid JSON"), "\(result.stdout)")
            #expect(result.stdout.contains("[attachment-config-invalid]"))
        }
    }
}
