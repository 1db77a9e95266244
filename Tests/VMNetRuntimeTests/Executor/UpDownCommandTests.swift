import Foundation
import Glibc
import Testing
import VMNetTestKit

@Suite("vmnet up and down as commands")
struct UpDownCommandTests {
    /// Runs vmnet as `nobody`, without any capability.
    private func runUnprivileged(_ arguments: [String]) throws -> CommandResult {
        try run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", VMNetBinary.path] + arguments)
    }

    @Test("say plainly that they need CAP_NET_ADMIN when run without it (needs root to drop it)", .enabled(if: getuid() == 0, "needs root"))
    func capabilities() throws {
        try TestPod.with([.eth0()]) { pod in
            let before = try NamespaceSnapshot(pod)
            for command in ["up", "down"] {
                let result = try runUnprivileged([command, "--netns", pod.name, "--state-dir", "/tmp/vmnet-unprivileged-\(getpid())", VMNetBinary.fixture("spec/pod-masquerade.yaml")])
                #expect(result.status == 2)
                #expect(result.stderr.contains("vmnet: error: vmnet \(command) needs CAP_NET_ADMIN and CAP_SYS_ADMIN"), "\(result.stderr)")
                #expect(result.stderr.contains("run it as root"))
            }
            #expect(try NamespaceSnapshot(pod) == before)
        }
    }

    @Test("name a missing namespace and how to make one (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func missingNamespace() throws {
        try TestStateDirectory.with { state in
            let result = try VMNetBinary.run(["up", "--netns", "vmnet-none-\(getpid())", "--state-dir", state.path, VMNetBinary.fixture("spec/pod-masquerade.yaml")])
            #expect(result.status == 2)
            #expect(result.stderr.contains("there is no network namespace vmnet-none-\(getpid())"), "\(result.stderr)")
            #expect(result.stderr.contains("create it with `ip netns add"))
        }
    }

    @Test("refuse an invalid manifest with its diagnostics, before touching the namespace")
    func invalidManifest() throws {
        let result = try VMNetBinary.run(["up", "--netns", "unused", VMNetBinary.fixture("../../examples/broken/broken-vm.yaml")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("[mac-address-reserved]"), "\(result.stderr)")
    }

    @Test("need exactly one of --netns, --netns-path and --cni-container")
    func usage() throws {
        let none = try VMNetBinary.run(["up", VMNetBinary.fixture("spec/pod-masquerade.yaml")])
        #expect(none.status == 2)
        #expect(none.stderr.contains("--netns NAME, --netns-path PATH or --cni-container ID"), "\(none.stderr)")
        let both = try VMNetBinary.run(["down", "--netns", "a", "--netns-path", "/proc/1/ns/net"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("give one of --netns, --netns-path and --cni-container"), "\(both.stderr)")
    }

    @Test("take a namespace by path, and report in JSON (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func byPathAsJSON() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let target = ["--netns-path", "/run/netns/\(pod.name)", "--state-dir", state.path, "--output", "json"]
                let up = try VMNetBinary.run(["up"] + target + [VMNetBinary.fixture("spec/pod-masquerade.yaml")])
                #expect(up.status == 0, "\(up.stderr)")
                let document = try #require(try JSONSerialization.jsonObject(with: Data(up.stdout.utf8)) as? [String: Any])
                let machine = try #require((document["machines"] as? [[String: Any]])?.first)
                #expect(machine["action"] as? String == "applied")
                #expect(machine["stepsMade"] as? Int == 9)
                #expect(machine["stateFile"] as? String == "\(state.path)/\(pod.name)/default_pod-masquerade.json")
                #expect((machine["vm"] as? [String: String]) == ["namespace": "default", "name": "pod-masquerade"])
                let down = try VMNetBinary.run(["down"] + target)
                #expect(down.status == 0, "\(down.stderr)")
                #expect(down.stdout.contains(#""stepsUndone" : 9"#), "\(down.stdout)")
            }
        }
    }

    @Test("refuse a changed manifest with what differs, and apply it with --replace (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func changedManifest() throws {
        let changed = try String(contentsOfFile: VMNetBinary.fixture("spec/masquerade-ports.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "port: 80", with: "port: 8080")
        // Same file name, so the VM keeps its name (taken from the file's when the manifest has none).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vmnet-changed-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("masquerade-ports.yaml").path
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let target = ["--netns", pod.name, "--state-dir", state.path]
                // The iptables backend, whose rules the difference is written in.
                let up = ["up", "--nat-backend", "iptables"]
                #expect(try VMNetBinary.run(up + target + [VMNetBinary.fixture("spec/masquerade-ports.yaml")]).status == 0)
                let refused = try VMNetBinary.run(up + target + [path])
                #expect(refused.status == 1)
                #expect(refused.stderr.contains("VM default/masquerade-ports is already wired from different manifests"), "\(refused.stderr)")
                #expect(refused.stderr.contains("    - iptables -t nat -A KUBEVIRT_PREINBOUND -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.2.2"))
                #expect(refused.stderr.contains("    + iptables -t nat -A KUBEVIRT_PREINBOUND -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.2.2"))
                #expect(try pod.natTable().contains("-A KUBEVIRT_PREINBOUND -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.2.2"))
                let replaced = try VMNetBinary.run(up + ["--replace"] + target + [path])
                #expect(replaced.status == 0, "\(replaced.stderr)")
                #expect(replaced.stdout.contains("undid their 9 steps, then 9 steps made"), "\(replaced.stdout)")
                #expect(try pod.natTable() == Wiring.natTable([.masquerade(pod: "eth0", tap: "tap0", ports: [8080], ipv6: false)], ipv6: false))
                #expect(try VMNetBinary.run(["down"] + target).status == 0)
            }
        }
    }
}
