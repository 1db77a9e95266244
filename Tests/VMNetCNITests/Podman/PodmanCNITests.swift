import Foundation
import Glibc
import Testing

@Suite(
    "vmnet-cni chained in a conflist that podman 4.3.1's CNI backend runs for a container",
    .serialized, .enabled(if: isRoot, "needs root: it makes network namespaces and runs podman"),
    .enabled(if: cniPluginsInstalled, "needs Debian's containernetworking-plugins in /usr/lib/cni"),
    .enabled(if: Podman.installed, "needs Debian's podman, crun and conmon, and busybox-static for the rootfs"))
struct PodmanCNITests {
    /// A masquerade VM whose guest serves port 80.
    static let vm = VMNetCNIPlugin.vm(
        "vmi-podman", interfaces: #"[{"name": "red", "masquerade": {}, "ports": [{"port": 80}]}]"#,
        networks: #"[{"name": "red", "pod": {}}]"#)

    @Test("podman's CNI backend runs a container whose network is bridge + host-local then vmnet-cni (masquerade, port 80): podman run -d wires k6t-eth0, tap0 and the DNAT rule in the container's netns and vmnet-cni records the attachment; podman rm -f runs vmnet-cni's DEL, which drops the record and the journal, and leaves nothing on the node or the host (needs root)")
    func masqueradeContainer() throws {
        let hostBefore = try HostLeftovers()
        try TestFolder.with { folder in
            try TestNamespace.with(["podman-node"]) { namespaces in
                let node = namespaces[0]
                let state = "\(folder.path)/state"
                try Podman.with(folder: folder, node: node, pluginFolders: [VMNetCNIPlugin.folder], defaultNetwork: "vmpod") { podman in
                    try folder.write(
                        """
                        {"cniVersion": "1.0.0", "name": "vmpod", "plugins": [
                          {"type": "bridge", "bridge": "vmpod0", "isGateway": true,
                           "ipam": {"type": "host-local", "dataDir": "\(folder.path)/ipam",
                                    "ranges": [[{"subnet": "10.97.0.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
                          \(VMNetCNIPlugin.entry(state: state, network: "red", vm: Self.vm))]}
                        """, to: "net.d/vmpod.conflist")
                    let name = "vmnet-podman-\(getpid())"
                    let ran = try podman.runDetached(name: name, network: "vmpod", ["/bin/httpd", "-f", "-p", "80", "-h", "/www"])
                    var removed = false
                    defer { if !removed { _ = try? podman.podman(["rm", "-f", "-t", "0", name]) } }
                    try #require(ran.status == 0, "\(ran.stderr)")
                    let id = ran.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                    #expect(id.count == 64, "\(ran.stdout)")
                    let sandbox = try podman.inspect(name, "{{.NetworkSettings.SandboxKey}}")
                    #expect(sandbox.hasPrefix("/run/netns/netns-"), "\(sandbox)")

                    // The container's netns, named on the host only while it is looked at: a name keeps a netns alive.
                    let pid = try podman.inspect(name, "{{.State.Pid}}")
                    let container = TestNamespace(name: "vmnet-test-cni-\(getpid())-podman-ctr")
                    try VMNetCNITests.ip("netns", "attach", container.name, pid)
                    do {
                        defer { _ = try? run("/usr/sbin/ip", ["netns", "del", container.name]) }
                        #expect(try container.addresses(of: "eth0").contains { $0.hasPrefix("10.97.0.") })
                        #expect(try container.addresses(of: "k6t-eth0") == ["10.0.2.1/24"])
                        #expect(try container.link("tap0")?["master"] as? String == "k6t-eth0")
                        let rules = try VMNetCNIPlugin.natRules(container)
                        #expect(rules.contains("-A KUBEVIRT_PREINBOUND -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.2.2"), "\(rules)")
                    }
                    let files = VMNetCNIPlugin.stateFiles(state)
                    #expect(files.contains("attachments/\(id)@eth0.json"), "\(files)")
                    let journal = (sandbox as NSString).lastPathComponent
                    #expect(files.contains { $0.hasPrefix("\(journal)/") }, "\(files)")
                    #expect(try podman.files(in: "/var/lib/cni/results") == ["vmpod-\(id)-eth0"])

                    let rm = try podman.podman(["rm", "-f", "-t", "0", name])
                    removed = true
                    #expect(rm.status == 0, "\(rm.stderr)")
                    #expect(VMNetCNIPlugin.stateFiles(state) == [])
                    #expect(!FileManager.default.fileExists(atPath: "\(state)/\(journal)"))
                    #expect(try podman.files(in: "/var/lib/cni/results") == [])
                    #expect(try podman.files(in: "/run/netns") == [])
                    #expect(try podman.podman(["ps", "-a", "-q"]).stdout == "")
                    // The node keeps the bridge plugin's bridge (its DEL never removes it) and nothing else.
                    #expect(try node.json("link", "show").compactMap { $0["ifname"] as? String } == ["lo", "vmpod0"])
                    let leases = (try? FileManager.default.contentsOfDirectory(atPath: "\(folder.path)/ipam/vmpod")) ?? []
                    #expect(leases.filter { $0 != "lock" && !$0.hasPrefix("last_reserved_ip") } == [])
                }
            }
        }
        #expect(try HostLeftovers() == hostBefore)
    }
}

/// What podman and its CNI backend would leave on the host if they ran outside their scratch mount namespace:
/// netns files of containers, libcni's cache, podman's lock, crun's state, libpod cgroups, and the host's
/// iptables rules (both back ends).
struct HostLeftovers: Equatable {
    var netns: [String]
    var files: [String: Bool]
    var cgroups: [String]
    var rules: [String]

    init() throws {
        let manager = FileManager.default
        netns = ((try? manager.contentsOfDirectory(atPath: "/run/netns")) ?? [])
            .filter { $0.hasPrefix("netns-") || $0.hasPrefix("cni-") || $0.contains("-podman-") }.sorted()
        files = Dictionary(uniqueKeysWithValues: ["/var/lib/cni", "/dev/shm/libpod_lock", "/run/crun", "/run/libpod", "/run/containers"]
            .map { ($0, manager.fileExists(atPath: $0)) })
        cgroups = ((try? manager.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? []).flatMap { hierarchy in
            ["libpod_parent", "machine.slice"].map { "/sys/fs/cgroup/\(hierarchy)/\($0)" }.filter { manager.fileExists(atPath: $0) }
        }.sorted()
        rules = []
        for save in ["/usr/sbin/iptables-legacy-save", "/usr/sbin/iptables-nft-save"] where manager.isExecutableFile(atPath: save) {
            let saved = try run(save, [])
            rules += saved.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
                .map { $0.replacingOccurrences(of: #" \[\d+:\d+\]"#, with: "", options: .regularExpression) }
        }
    }
}
