import Foundation
import Synchronization
import Testing
import VMNetTestKit

@Suite(
    "vmnet-cni, run by libcni 1.1.2 as a container runtime runs it, wires one VM interface per attachment",
    .serialized, .enabled(if: isRoot, "needs root: it makes network namespaces"),
    .enabled(if: cniPluginsInstalled, "needs Debian's containernetworking-plugins in /usr/lib/cni"),
    .enabled(if: LibCNIRuntime.canBuild, "needs golang-go and golang-github-appc-cni-dev to build cnitool"))
struct VMNetCNIPluginTests {
    /// The cluster network: ptp with host-local, no NAT of its own.
    static let ptp = """
        {"type": "ptp", "ipMasq": false,
         "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.94.0.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}]}}
        """

    /// The pod once the pod network's ADD has settled: the kernel gives eth0 its IPv6 link-local address a moment
    /// after the link comes up, and vmnet's DEL must put back the pod with it.
    static func settledPod(_ runtime: LibCNIRuntime) throws -> NamespaceSnapshot {
        try settled(runtime.pod)
    }

    /// Gives the node an uplink `eth0` (a veth to `uplink`), the master a macvlan network names.
    static func addUplink(_ runtime: LibCNIRuntime) throws {
        try runtime.node.ip("link", "add", "eth0", "type", "veth", "peer", "name", "uplink")
        try runtime.node.ip("link", "set", "eth0", "up")
        try runtime.node.ip("link", "set", "uplink", "up")
    }

    /// The cluster network's conflist.
    static let podNetwork = #"{"cniVersion": "1.0.0", "plugins": [\#(ptp)]}"#

    /// vmnet-cni's binding NAD as a conflist: `vm`'s network `red`, its state in `state`.
    static func binding(state: String, vm: String = masqueradeVM) -> String {
        #"{"cniVersion": "1.0.0", "plugins": [\#(VMNetCNIPlugin.entry(state: state, network: "red", vm: vm))]}"#
    }

    /// The spec's masquerade example with two ports.
    static let masqueradeVM = VMNetCNIPlugin.vm(
        "vmi-masquerade", interfaces: #"[{"name": "red", "masquerade": {}, "ports": [{"port": 80}, {"name": "dns", "port": 53, "protocol": "UDP"}]}]"#,
        networks: #"[{"name": "red", "pod": {}}]"#)

    @Test("masquerade with ports as its own attachment, KubeVirt's binding-CNI way: ADD wires eth0 and answers its links, CHECK passes and then names a flushed NAT rule, DEL puts the pod back exactly, a second DEL and a DEL without CNI_NETNS succeed (needs root)")
    func masqueradeAttachment() throws {
        try LibCNIRuntime.with(extraPluginFolders: [VMNetCNIPlugin.folder]) { runtime in
            let state = "\(runtime.folder.path)/state"
            try #require(try runtime.add(network: "podnet", conflist: Self.podNetwork).status == 0)
            let before = try Self.settledPod(runtime)
            let rulesBefore = try VMNetCNIPlugin.natRules(runtime.pod)
            let binding = Self.binding(state: state)

            let added = try runtime.add(network: "vmnet", conflist: binding, interface: "net1")
            try #require(added.status == 0, "\(added.stderr)")
            let result = try added.jsonObject()
            #expect(result["cniVersion"] as? String == "1.0.0")
            let interfaces = (result["interfaces"] as? [[String: Any]]) ?? []
            #expect(interfaces.map { $0["name"] as? String } == ["k6t-eth0", "tap0"])
            #expect(interfaces.allSatisfy { $0["sandbox"] as? String == runtime.pod.path && $0["mac"] is String })
            #expect(try runtime.pod.addresses(of: "k6t-eth0") == ["10.0.2.1/24"])
            #expect(try runtime.pod.link("tap0")?["master"] as? String == "k6t-eth0")
            let rules = try VMNetCNIPlugin.natRules(runtime.pod)
            #expect(rules.contains("-A KUBEVIRT_PREINBOUND -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.2.2"))
            #expect(rules.contains("-A KUBEVIRT_PREINBOUND -p udp -m udp --dport 53 -j DNAT --to-destination 10.0.2.2"))
            #expect(VMNetCNIPlugin.stateFiles(state).contains("attachments/\(runtime.containerID)@net1.json"))

            #expect(try runtime.check(network: "vmnet", conflist: binding, interface: "net1").status == 0)
            try #require(try VMNetCNITests.run("/usr/sbin/ip", ["netns", "exec", runtime.pod.name, "iptables-legacy", "-t", "nat", "-F", "KUBEVIRT_PREINBOUND"]).status == 0)
            let failed = try runtime.check(network: "vmnet", conflist: binding, interface: "net1")
            #expect(failed.status != 0)
            #expect(failed.stderr.contains("NAT rule `-A KUBEVIRT_PREINBOUND -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.2.2` (IPv4) is missing"), "\(failed.stderr)")

            let deleted = try runtime.del(network: "vmnet", conflist: binding, interface: "net1")
            #expect(deleted.status == 0, "\(deleted.stderr)")
            let after = try before.awaitMatch(runtime.pod)
            #expect(after == before, "\(before.difference(from: after))")
            #expect(try VMNetCNIPlugin.natRules(runtime.pod) == rulesBefore)
            #expect(VMNetCNIPlugin.stateFiles(state) == [])
            #expect(try runtime.del(network: "vmnet", conflist: binding, interface: "net1").status == 0)
            #expect(try runtime.del(network: "vmnet", conflist: binding, interface: "net1", netns: "").status == 0)
            #expect(try runtime.del(network: "podnet", conflist: Self.podNetwork).status == 0)
        }
    }

    @Test("masquerade chained after bridge + host-local in one conflist: the pod interface is CNI_IFNAME from prevResult, the result passes prevResult on with the guest's links, CHECK of the whole list passes, DEL of the list leaves the pod empty (needs root)")
    func chainedMasquerade() throws {
        try LibCNIRuntime.with(extraPluginFolders: [VMNetCNIPlugin.folder]) { runtime in
            let state = "\(runtime.folder.path)/state"
            let conflist = """
                {"cniVersion": "1.0.0", "plugins": [
                  {"type": "bridge", "bridge": "cni-vm0", "isGateway": true,
                   "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.95.0.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
                  \(VMNetCNIPlugin.entry(state: state, network: "red", vm: Self.masqueradeVM))]}
                """
            let added = try runtime.add(network: "chained", conflist: conflist)
            try #require(added.status == 0, "\(added.stderr)")
            let result = try added.jsonObject()
            let ips = (result["ips"] as? [[String: Any]]) ?? []
            #expect(ips.count == 1 && (ips.first?["address"] as? String ?? "").hasPrefix("10.95.0."), "\(ips)")
            let names = ((result["interfaces"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
            #expect(names.contains("eth0") && names.suffix(2) == ["k6t-eth0", "tap0"], "\(names)")
            #expect(try runtime.pod.addresses(of: "eth0").contains { $0.hasPrefix("10.95.0.") })
            #expect(try runtime.pod.addresses(of: "k6t-eth0") == ["10.0.2.1/24"])
            let checked = try runtime.check(network: "chained", conflist: conflist)
            #expect(checked.status == 0, "\(checked.stderr)")
            let deleted = try runtime.del(network: "chained", conflist: conflist)
            #expect(deleted.status == 0, "\(deleted.stderr)")
            #expect(try runtime.pod.json("link", "show").compactMap { $0["ifname"] as? String } == ["lo"])
            #expect(VMNetCNIPlugin.stateFiles(state) == [])
        }
    }

    @Test("a bridge binding chained after macvlan on a secondary network takes net1 into a bridge with the guest's tap; its CHECK passes with the cached result as prevResult (needs root)")
    func secondaryMacvlan() throws {
        try LibCNIRuntime.with(extraPluginFolders: [VMNetCNIPlugin.folder]) { runtime in
            try Self.addUplink(runtime)
            let state = "\(runtime.folder.path)/state"
            let vm = VMNetCNIPlugin.vm(
                "vmi-secondary", interfaces: #"[{"name": "red", "masquerade": {}}, {"name": "blue", "bridge": {}}]"#,
                networks: #"[{"name": "red", "pod": {}}, {"name": "blue", "multus": {"networkName": "blue"}}]"#)
            let conflist = """
                {"cniVersion": "1.0.0", "plugins": [
                  {"type": "macvlan", "master": "eth0", "mode": "bridge",
                   "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.96.0.0/24"}]]}},
                  \(VMNetCNIPlugin.entry(state: state, network: "blue", vm: vm))]}
                """
            let added = try runtime.add(network: "blue", conflist: conflist, interface: "net1")
            try #require(added.status == 0, "\(added.stderr)")
            let tap = try #require(
                ((try added.jsonObject()["interfaces"] as? [[String: Any]]) ?? []).first { $0["name"] as? String == "tap1" })
            #expect(tap["sandbox"] as? String == runtime.pod.path)
            #expect(try runtime.pod.link("net1")?["master"] as? String == "k6t-net1")
            #expect(try runtime.pod.link("k6t-net1") != nil && runtime.pod.link("tap1") != nil)
            // macvlan's own CHECK looks for its address on net1, which the bridge binding hands to the guest (as
            // KubeVirt's does): such a chain sets disableCheck, so vmnet-cni's CHECK is run by itself here.
            let entry = VMNetCNIPlugin.entry(state: state, network: "blue", vm: vm, extra: #", "cniVersion": "1.0.0", "name": "blue", "prevResult": \#(added.stdout)"#)
            let checked = try VMNetCNIPlugin.run(
                "CHECK", config: entry,
                environment: ["CNI_CONTAINERID": runtime.containerID, "CNI_NETNS": runtime.pod.path, "CNI_IFNAME": "net1"])
            #expect(checked.status == 0, "\(checked.stdout)")
            #expect(try runtime.del(network: "blue", conflist: conflist, interface: "net1").status == 0)
            #expect(try runtime.pod.json("link", "show").compactMap { $0["ifname"] as? String } == ["lo"])
            #expect(VMNetCNIPlugin.stateFiles(state) == [])
        }
    }

    @Test("an invalid VM is refused with code 100 naming the rule, the field path and stdin:line:column; nothing changes and nothing is recorded (needs root)")
    func invalidVM() throws {
        try LibCNIRuntime.with(extraPluginFolders: [VMNetCNIPlugin.folder]) { runtime in
            let state = "\(runtime.folder.path)/state"
            try #require(try runtime.add(network: "podnet", conflist: Self.podNetwork).status == 0)
            let before = try Self.settledPod(runtime)
            let vm = VMNetCNIPlugin.vm(
                "vmi-bad", interfaces: #"[{"name": "red", "masquerade": {}, "ports": [{"port": 70000}]}]"#,
                networks: #"[{"name": "red", "pod": {}}]"#)
            let binding = Self.binding(state: state, vm: vm)
            let refused = try runtime.add(network: "vmnet", conflist: binding, interface: "net1")
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("args.cni.vmnet does not validate: spec.domain.devices.interfaces[0].ports[0].port:"), "\(refused.stderr)")
            #expect(refused.stderr.contains("[port-out-of-range]"), "\(refused.stderr)")
            #expect(refused.stderr.range(of: #"stdin:\d+:\d+: error: spec.domain.devices.interfaces\[0\].ports\[0\].port"#, options: .regularExpression) != nil, "\(refused.stderr)")
            #expect(try NamespaceSnapshot(runtime.pod) == before)
            #expect(VMNetCNIPlugin.stateFiles(state) == [])
            let code = try VMNetCNIPlugin.run(
                "ADD", config: #"{"cniVersion": "1.0.0", "name": "vmnet", "type": "vmnet-cni", "stateDir": "\#(state)", "args": {"cni": {"logicNetworkName": "red", "vmnet": \#(vm)}}}"#,
                environment: ["CNI_CONTAINERID": runtime.containerID, "CNI_NETNS": runtime.pod.path, "CNI_IFNAME": "net1"])
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(code.stdout.utf8)) as? [String: Any])
            #expect(answer["code"] as? Int == 100 && answer["cniVersion"] as? String == "1.0.0", "\(answer)")
            #expect(try runtime.del(network: "podnet", conflist: Self.podNetwork).status == 0)
        }
    }

    @Test("GC undoes every attachment of its network not named in cni.dev/valid-attachments and keeps the rest; STATUS says ready (needs root)")
    func garbageCollection() throws {
        try LibCNIRuntime.with(extraPluginFolders: [VMNetCNIPlugin.folder]) { runtime in
            let state = "\(runtime.folder.path)/state"
            try #require(try runtime.add(network: "podnet", conflist: Self.podNetwork).status == 0)
            let before = try Self.settledPod(runtime)
            let binding = Self.binding(state: state)
            try #require(try runtime.add(network: "vmnet", conflist: binding, interface: "net1").status == 0)
            let config = #"{"cniVersion": "1.1.0", "name": "vmnet", "type": "vmnet-cni", "stateDir": "\#(state)", "cni.dev/valid-attachments": %@}"#
            let kept = try VMNetCNIPlugin.run("GC", config: config.replacingOccurrences(of: "%@", with: #"[{"containerID": "\#(runtime.containerID)", "ifname": "net1"}]"#))
            #expect(kept.status == 0, "\(kept.stdout)")
            #expect(try runtime.pod.link("k6t-eth0") != nil)
            let collected = try VMNetCNIPlugin.run("GC", config: config.replacingOccurrences(of: "%@", with: "[]"))
            #expect(collected.status == 0, "\(collected.stdout)")
            #expect(try before.awaitMatch(runtime.pod) == before)
            #expect(VMNetCNIPlugin.stateFiles(state) == [])
            let status = try VMNetCNIPlugin.run("STATUS", config: #"{"cniVersion": "1.1.0", "name": "vmnet", "type": "vmnet-cni", "stateDir": "\#(state)"}"#)
            #expect(status.status == 0 && status.stdout.isEmpty, "\(status.stdout)")
            #expect(try runtime.del(network: "podnet", conflist: Self.podNetwork).status == 0)
        }
    }

    @Test("the elements `vmnet pod-annotations --cni-binding` prints, attached in order as Multus does, wire every interface; `vmnet domain` finds the journals by the namespace's identity and lists both guests' devices in interface order; DEL in reverse leaves only the cluster network (needs root)")
    func annotationsDriveAttachments() throws {
        try LibCNIRuntime.with(extraPluginFolders: [VMNetCNIPlugin.folder]) { runtime in
            try Self.addUplink(runtime)
            let state = "\(runtime.folder.path)/state"
            let vm = try runtime.folder.write("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachine
                metadata: {name: vm-two, namespace: default}
                spec:
                  template:
                    spec:
                      domain:
                        devices:
                          interfaces:
                            - {name: red, masquerade: {}, ports: [{port: 80}]}
                            - {name: blue, bridge: {}, macAddress: "02:00:00:00:be:01"}
                      networks:
                        - {name: red, pod: {}}
                        - {name: blue, multus: {networkName: blue}}
                """, to: "vm.yaml")
            let blueNetwork = """
                {"cniVersion": "1.0.0", "name": "blue", "plugins": [{"type": "macvlan", "master": "eth0", "mode": "bridge",
                 "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.97.0.0/24"}]]}}]}
                """
            let nad = try runtime.folder.write("""
                apiVersion: k8s.cni.cncf.io/v1
                kind: NetworkAttachmentDefinition
                metadata: {name: blue, namespace: default}
                spec:
                  config: '\(blueNetwork.replacingOccurrences(of: "\n", with: ""))'
                """, to: "nad.yaml")
            let printed = try VMNet.run(["pod-annotations", "--cni-binding", "default/vmnet", "--output", "json", vm, nad])
            try #require(printed.status == 0, "\(printed.stderr)")
            let annotations = try #require(
                (try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [[String: Any]])?.first?["annotations"] as? [String: String])
            let networks = try #require(annotations["k8s.v1.cni.cncf.io/networks"])
            let elements = try #require(try JSONSerialization.jsonObject(with: Data(networks.utf8)) as? [[String: Any]])
            #expect(elements.map { $0["name"] as? String } == ["vmnet", "blue", "vmnet"])

            try #require(try runtime.add(network: "podnet", conflist: Self.podNetwork).status == 0)
            let before = try Self.settledPod(runtime)
            var attached: [(network: String, conflist: String, interface: String)] = []
            for element in elements {
                let interface = try #require(element["interface"] as? String)
                let conflist: String
                if let arguments = element["cni-args"] {
                    let args = String(decoding: try JSONSerialization.data(withJSONObject: ["cni": arguments]), as: UTF8.self)
                    conflist = #"{"cniVersion": "1.0.0", "plugins": [{"type": "vmnet-cni", "stateDir": "\#(state)", "args": \#(args)}]}"#
                } else {
                    conflist = blueNetwork
                }
                let network = element["name"] as? String == "vmnet" ? "vmnet-\(interface)" : "blue"
                let added = try runtime.add(network: network, conflist: conflist, interface: interface)
                try #require(added.status == 0, "\(network) as \(interface): \(added.stderr)")
                attached.append((network, conflist, interface))
            }
            #expect(try runtime.pod.link("tap0")?["master"] as? String == "k6t-eth0")
            #expect(try runtime.pod.link("net1")?["master"] as? String == "k6t-net1")
            #expect(try runtime.pod.link("tap1")?["master"] as? String == "k6t-net1")

            // The pod's own processes reach the namespace by another path than the runtime's.
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
            holder.arguments = ["netns", "exec", runtime.pod.name, "sleep", "30"]
            try holder.run()
            defer { holder.terminate() }
            // `ip netns exec` enters the namespace and becomes `sleep`.
            usleep(200_000)
            let domain = try VMNet.run(["domain", "--netns-path", "/proc/\(holder.processIdentifier)/ns/net", "--state-dir", state, "--devices-only"])
            #expect(domain.status == 0, "\(domain.stderr)")
            let taps = domain.stdout.components(separatedBy: "<target dev='").dropFirst().map { $0.prefix { $0 != "'" } }
            #expect(taps == ["tap0", "tap1"], "\(domain.stdout)")
            #expect(domain.stdout.contains("02:00:00:00:be:01"), "\(domain.stdout)")
            let byContainer = try VMNet.run(["domain", "--cni-container", runtime.containerID, "--state-dir", state, "--devices-only"])
            #expect(byContainer.status == 0 && byContainer.stdout == domain.stdout, "\(byContainer.stderr)")
            let unknown = try VMNet.run(["domain", "--cni-container", "nobody", "--state-dir", state])
            #expect(unknown.status == 1 && unknown.stderr.contains("no vmnet-cni attachment of container nobody"), "\(unknown.stderr)")

            for attachment in attached.reversed() {
                let deleted = try runtime.del(network: attachment.network, conflist: attachment.conflist, interface: attachment.interface)
                #expect(deleted.status == 0, "\(attachment.network): \(deleted.stderr)")
            }
            let after = try before.awaitMatch(runtime.pod)
            #expect(after == before, "\(before.difference(from: after))")
            #expect(VMNetCNIPlugin.stateFiles(state) == [])
            #expect(try runtime.del(network: "podnet", conflist: Self.podNetwork).status == 0)
        }
    }

    @Test("an ADD whose step fails is rolled back and leaves no record, and DEL after it succeeds; DEL after the namespace is gone (a reboot) drops the journal (needs root)")
    func failedAddAndVanishedNamespace() throws {
        try LibCNIRuntime.with(extraPluginFolders: [VMNetCNIPlugin.folder]) { runtime in
            let state = "\(runtime.folder.path)/state"
            let binding = Self.binding(state: state)
            try #require(try runtime.add(network: "podnet", conflist: Self.podNetwork).status == 0)
            // A link vmnet did not make, with the tap's name: the plan's tap step fails after the bridge is made.
            try runtime.pod.ip("link", "add", "tap0", "type", "bridge")
            let before = try Self.settledPod(runtime)
            let rulesBefore = try VMNetCNIPlugin.natRules(runtime.pod)
            let failed = try runtime.add(network: "vmnet", conflist: binding, interface: "net1")
            #expect(failed.status != 0)
            #expect(failed.stderr.contains("a link named tap0 already exists in the namespace"), "\(failed.stderr)")
            #expect(try before.awaitMatch(runtime.pod) == before)
            #expect(try VMNetCNIPlugin.natRules(runtime.pod) == rulesBefore)
            #expect(VMNetCNIPlugin.stateFiles(state) == [])
            #expect(try runtime.del(network: "vmnet", conflist: binding, interface: "net1").status == 0)
            try runtime.pod.ip("link", "del", "tap0")

            try TestNamespace.with(["rebooted"]) { pods in
                let pod = pods[0]
                try #require(try runtime.add(network: "podnet", conflist: Self.podNetwork, containerID: "gone", netns: pod.path).status == 0)
                try #require(try runtime.add(network: "vmnet", conflist: binding, interface: "net1", containerID: "gone", netns: pod.path).status == 0)
                try ip("netns", "del", pod.name)
                let deleted = try runtime.del(network: "vmnet", conflist: binding, interface: "net1", containerID: "gone", netns: "")
                #expect(deleted.status == 0, "\(deleted.stderr)")
                #expect(deleted.stderr.contains("namespaceGone"), "\(deleted.stderr)")
                #expect(VMNetCNIPlugin.stateFiles(state) == [])
            }
        }
    }

    @Test("20 pods wired at once by 20 runtimes' ADDs all come out right and CHECK clean, 20 DELs at once put each back exactly; two ADDs of one attachment at once leave it wired once (needs root)")
    func concurrentPods() throws {
        try LibCNIRuntime.with(extraPluginFolders: [VMNetCNIPlugin.folder]) { runtime in
            let state = "\(runtime.folder.path)/state"
            let binding = Self.binding(state: state)
            try TestNamespace.with((1...20).map { "pod\($0)" }) { pods in
                var before: [NamespaceSnapshot] = []
                for (index, pod) in pods.enumerated() {
                    // No duplicate address detection: snapshots need not wait a second per pod for link-locals.
                    try #require(try VMNetCNITests.run(
                        "/usr/sbin/ip", ["netns", "exec", pod.name, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"]).status == 0)
                    try #require(try runtime.add(network: "podnet", conflist: Self.podNetwork, containerID: "pod-\(index)", netns: pod.path).status == 0)
                }
                for pod in pods { before.append(try Self.settled(pod)) }
                let added = try Self.together(pods.indices) { index in
                    try runtime.add(network: "vmnet", conflist: binding, interface: "net1", containerID: "pod-\(index)", netns: pods[index].path)
                }
                for (index, pod) in pods.enumerated() {
                    #expect(added[index].status == 0, "pod \(index): \(added[index].stderr)")
                    #expect(try pod.addresses(of: "k6t-eth0") == ["10.0.2.1/24"], "pod \(index)")
                    #expect(try VMNetCNIPlugin.natRules(pod).contains("-A KUBEVIRT_PREINBOUND -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.2.2"), "pod \(index)")
                    let checked = try runtime.check(network: "vmnet", conflist: binding, interface: "net1", containerID: "pod-\(index)", netns: pod.path)
                    #expect(checked.status == 0, "pod \(index): \(checked.stderr)")
                }
                let deleted = try Self.together(pods.indices) { index in
                    try runtime.del(network: "vmnet", conflist: binding, interface: "net1", containerID: "pod-\(index)", netns: pods[index].path)
                }
                for (index, pod) in pods.enumerated() {
                    #expect(deleted[index].status == 0, "pod \(index): \(deleted[index].stderr)")
                    let after = try before[index].awaitMatch(pod)
                    #expect(after == before[index], "pod \(index): \(before[index].difference(from: after))")
                }
                #expect(VMNetCNIPlugin.stateFiles(state) == [])

                let twice = try Self.together(0..<2) { _ in
                    try runtime.add(network: "vmnet", conflist: binding, interface: "net1", containerID: "pod-0", netns: pods[0].path)
                }
                #expect(twice.allSatisfy { $0.status == 0 }, "\(twice.map(\.stderr))")
                #expect(twice.map(\.stderr).filter { $0.contains("applied, 9 steps made") }.count == 1, "\(twice.map(\.stderr))")
                #expect(twice.map(\.stderr).filter { $0.contains("unchanged") }.count == 1, "\(twice.map(\.stderr))")
                #expect(try runtime.del(network: "vmnet", conflist: binding, interface: "net1", containerID: "pod-0", netns: pods[0].path).status == 0)
                for (index, pod) in pods.enumerated() {
                    _ = try runtime.del(network: "podnet", conflist: Self.podNetwork, containerID: "pod-\(index)", netns: pod.path)
                }
            }
        }
    }

    /// `pod` once its eth0 has its IPv6 link-local address.
    static func settled(_ pod: TestNamespace) throws -> NamespaceSnapshot {
        let deadline = Date().addingTimeInterval(5)
        func hasLinkLocal() throws -> Bool {
            try pod.json("-6", "address", "show", "dev", "eth0").contains { link in
                ((link["addr_info"] as? [[String: Any]]) ?? []).contains { $0["scope"] as? String == "link" }
            }
        }
        while try !hasLinkLocal(), Date() < deadline { usleep(20_000) }
        return try NamespaceSnapshot(pod)
    }

    /// Runs `body` for every index at once, each on its own thread, and returns the results in index order.
    static func together(_ indices: Range<Int>, _ body: @escaping @Sendable (Int) throws -> CommandResult) throws -> [CommandResult] {
        let results = Mutex<[Int: Result<CommandResult, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: indices.count) { offset in
            let outcome = Result { try body(indices.lowerBound + offset) }
            results.withLock { $0[offset] = outcome }
        }
        return try results.withLock { all in try (0..<indices.count).map { try all[$0]!.get() } }
    }
}
