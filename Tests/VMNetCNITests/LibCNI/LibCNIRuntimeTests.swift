import Foundation
import Testing

@Suite(
    "libcni 1.1.2 through cnitool runs Debian's CNI plugins as a container runtime does", .serialized,
    .enabled(if: isRoot, "needs root: it makes network namespaces"),
    .enabled(if: cniPluginsInstalled && FileManager.default.isExecutableFile(atPath: "\(CNIRuntime.pluginFolder)/portmap"),
        "needs Debian's containernetworking-plugins in /usr/lib/cni"),
    .enabled(if: LibCNIRuntime.canBuild, "needs golang-go and golang-github-appc-cni-dev to build cnitool"))
struct LibCNIRuntimeTests {
    /// A cluster network as kubelet's CNI would have it: a bridge with the gateway, host-local, and portmap for the
    /// pod's hostPorts.
    static let bridgeNetwork = """
        {"cniVersion": "1.0.0", "plugins": [
          {"type": "bridge", "bridge": "cni-lc0", "isGateway": true, "ipMasq": true, "hairpinMode": true,
           "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.91.0.0/24", "gateway": "10.91.0.1"}]],
                    "routes": [{"dst": "0.0.0.0/0"}]}},
          {"type": "portmap", "capabilities": {"portMappings": true}, "snat": true}]}
        """

    /// A point-to-point network without NAT.
    static let ptpNetwork = """
        {"cniVersion": "1.0.0", "plugins": [
          {"type": "ptp", "ipMasq": false,
           "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.92.0.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}]}}]}
        """

    /// A secondary network on the node's uplink `eth0`, as a Multus NetworkAttachmentDefinition would hold it.
    static let macvlanNetwork = """
        {"cniVersion": "1.0.0", "plugins": [
          {"type": "macvlan", "master": "eth0", "mode": "bridge",
           "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.93.0.0/24"}]]}}]}
        """

    /// Three hostPorts, as a runtime passes them: capability arguments, which libcni gives to portmap only.
    static var portMappings: [[String: Any]] {
        [
            ["hostPort": 20080, "containerPort": 80, "protocol": "tcp"],
            ["hostPort": 20443, "containerPort": 443, "protocol": "tcp"],
            ["hostPort": 20053, "containerPort": 53, "protocol": "udp"],
        ]
    }

    @Test("bridge + host-local + portmap: ADD leases eth0 an address with a default route and DNATs the 3 hostPorts in the node, CHECK passes, DEL removes eth0, the rules, the lease and the cache, a second DEL succeeds (needs root)")
    func bridgeWithPortMappings() throws {
        try LibCNIRuntime.with(ip6tables: false) { runtime in
            let network = "libcni-bridge"
            let capabilityArgs: [String: Any] = ["portMappings": Self.portMappings]
            let added = try runtime.add(network: network, conflist: Self.bridgeNetwork, capabilityArgs: capabilityArgs)
            try #require(added.status == 0, "\(added.stderr)")
            let result = try added.jsonObject()
            #expect(result["cniVersion"] as? String == "1.0.0")
            let address = try #require((result["ips"] as? [[String: Any]])?.first?["address"] as? String)
            let podIP = String(address.prefix { $0 != "/" })
            #expect(address.hasPrefix("10.91.0.") && address.hasSuffix("/24"), "\(address)")
            let interfaces = (result["interfaces"] as? [[String: Any]]) ?? []
            #expect(interfaces.contains { $0["name"] as? String == "eth0" && $0["sandbox"] as? String == runtime.pod.path })

            #expect(try runtime.pod.addresses(of: "eth0") == [address])
            #expect(try runtime.pod.json("-4", "route", "show").contains {
                $0["dst"] as? String == "default" && $0["gateway"] as? String == "10.91.0.1" && $0["dev"] as? String == "eth0"
            })
            let bridge = try #require(try runtime.node.link("cni-lc0"), "the bridge plugin made the node's bridge")
            #expect((bridge["linkinfo"] as? [String: Any])?["info_kind"] as? String == "bridge")
            #expect(try runtime.node.addresses(of: "cni-lc0") == ["10.91.0.1/24"], "isGateway puts the gateway on it")
            #expect(FileManager.default.fileExists(atPath: "\(runtime.ipamDataDirectory)/\(network)/\(podIP)"))

            let rules = try runtime.natRules()
            for mapping in Self.portMappings {
                let dnat = "-p \(mapping["protocol"]!) -m \(mapping["protocol"]!) --dport \(mapping["hostPort"]!) -j DNAT --to-destination \(podIP):\(mapping["containerPort"]!)"
                #expect(rules.contains { $0.hasSuffix(dnat) }, "no \(dnat) in\n\(rules.joined(separator: "\n"))")
            }
            #expect(rules.contains { $0.contains("id: \\\"\(runtime.containerID)\\\"") && $0.contains("--dports 20080,20443") })

            let cached = try JSONSerialization.jsonObject(
                with: try Data(contentsOf: URL(fileURLWithPath: runtime.cacheFile(network: network)))) as? [String: Any]
            #expect(cached?["kind"] as? String == "cniCacheV1")
            #expect((cached?["capabilityArgs"] as? [String: Any])?["portMappings"] != nil)

            let checked = try runtime.check(network: network, conflist: Self.bridgeNetwork, capabilityArgs: capabilityArgs)
            #expect(checked.status == 0, "\(checked.stderr)")

            let deleted = try runtime.del(network: network, conflist: Self.bridgeNetwork, capabilityArgs: capabilityArgs)
            #expect(deleted.status == 0, "\(deleted.stderr)")
            #expect(try runtime.pod.link("eth0") == nil)
            let left = try runtime.natRules()
            #expect(!left.contains { $0.contains(runtime.containerID) || $0.contains("-j DNAT") }, "\(left.joined(separator: "\n"))")
            #expect(!FileManager.default.fileExists(atPath: "\(runtime.ipamDataDirectory)/\(network)/\(podIP)"))
            #expect(!FileManager.default.fileExists(atPath: runtime.cacheFile(network: network)))

            let again = try runtime.del(network: network, conflist: Self.bridgeNetwork, capabilityArgs: capabilityArgs)
            #expect(again.status == 0, "\(again.stderr)")
        }
    }

    @Test("ptp + host-local: CHECK passes after ADD and fails, naming the address, once the pod's address is deleted by hand; DEL still cleans up (needs root)")
    func ptpCheckSeesAMissingAddress() throws {
        try LibCNIRuntime.with { runtime in
            let network = "libcni-ptp"
            let added = try runtime.add(network: network, conflist: Self.ptpNetwork)
            try #require(added.status == 0, "\(added.stderr)")
            let address = try #require((try added.jsonObject()["ips"] as? [[String: Any]])?.first?["address"] as? String)
            #expect(try runtime.pod.addresses(of: "eth0") == [address])
            #expect(try runtime.node.json("link", "show").contains { $0["link_type"] as? String == "ether" },
                "the host end of the veth is in the node")

            let healthy = try runtime.check(network: network, conflist: Self.ptpNetwork)
            #expect(healthy.status == 0, "\(healthy.stderr)")

            try runtime.pod.ip("address", "del", address, "dev", "eth0")
            let broken = try runtime.check(network: network, conflist: Self.ptpNetwork)
            #expect(broken.status == 1)
            #expect(broken.stderr.contains("Failed to match addr \(address) on interface eth0"), "\(broken.stderr)")

            let deleted = try runtime.del(network: network, conflist: Self.ptpNetwork)
            #expect(deleted.status == 0, "\(deleted.stderr)")
            #expect(try runtime.pod.link("eth0") == nil)
            #expect(try runtime.node.json("link", "show").map { $0["ifname"] as? String } == ["lo"], "the veth went with eth0")
        }
    }

    @Test("macvlan on the node's uplink attaches a secondary net1 next to a ptp eth0, each cached under its own interface; CHECK passes; DEL of net1 leaves eth0 (needs root)")
    func macvlanSecondary() throws {
        try LibCNIRuntime.with { runtime in
            try runtime.node.ip("link", "add", "eth0", "type", "veth", "peer", "name", "uplink")
            try runtime.node.ip("link", "set", "uplink", "up")
            try runtime.node.ip("link", "set", "eth0", "up")
            let primary = try runtime.add(network: "libcni-pod", conflist: Self.ptpNetwork)
            try #require(primary.status == 0, "\(primary.stderr)")
            let secondary = try runtime.add(network: "libcni-macvlan", conflist: Self.macvlanNetwork, interface: "net1")
            try #require(secondary.status == 0, "\(secondary.stderr)")

            let result = try secondary.jsonObject()
            let address = try #require((result["ips"] as? [[String: Any]])?.first?["address"] as? String)
            #expect(address.hasPrefix("10.93.0."), "\(address)")
            #expect((result["interfaces"] as? [[String: Any]])?.first?["sandbox"] as? String == runtime.pod.path)
            let net1 = try #require(try runtime.pod.link("net1"))
            let info = net1["linkinfo"] as? [String: Any]
            #expect(info?["info_kind"] as? String == "macvlan")
            #expect((info?["info_data"] as? [String: Any])?["mode"] as? String == "bridge")
            #expect(try runtime.pod.addresses(of: "net1") == [address])
            #expect(try runtime.pod.addresses(of: "eth0").first?.hasPrefix("10.92.0.") == true)
            #expect(FileManager.default.fileExists(atPath: runtime.cacheFile(network: "libcni-pod", interface: "eth0")))
            #expect(FileManager.default.fileExists(atPath: runtime.cacheFile(network: "libcni-macvlan", interface: "net1")))

            let checked = try runtime.check(network: "libcni-macvlan", conflist: Self.macvlanNetwork, interface: "net1")
            #expect(checked.status == 0, "\(checked.stderr)")

            let deleted = try runtime.del(network: "libcni-macvlan", conflist: Self.macvlanNetwork, interface: "net1")
            #expect(deleted.status == 0, "\(deleted.stderr)")
            #expect(try runtime.pod.link("net1") == nil)
            #expect(try runtime.pod.link("eth0") != nil)
            #expect(!FileManager.default.fileExists(atPath: runtime.cacheFile(network: "libcni-macvlan", interface: "net1")))
            #expect(FileManager.default.fileExists(atPath: runtime.cacheFile(network: "libcni-pod", interface: "eth0")))

            let primaryDeleted = try runtime.del(network: "libcni-pod", conflist: Self.ptpNetwork)
            #expect(primaryDeleted.status == 0, "\(primaryDeleted.stderr)")
            #expect(try runtime.pod.json("link", "show").map { $0["ifname"] as? String } == ["lo"])
        }
    }
}
