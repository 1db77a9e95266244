import Foundation
import Synchronization
import Testing
import VMNetTestKit

/// A `HOSTILE_*` macro of `Tests/Plugins/Hostile/hostile.c` and what `vmnet up` must say of the answer it makes.
struct HostileAnswer: CustomTestStringConvertible, Sendable {
    var macro: String
    /// Words the error must hold besides the plugin's name.
    var says: String
    var testDescription: String { "\(macro): \(says)" }
}

@Suite("A hostile plugin cannot make vmnet up change anything it was not given (needs root)",
       .enabled(if: getuid() == 0, "vmnet up wires a network namespace: run as root"), .serialized)
struct HostilePluginTests {
    static let refusedPlans: [HostileAnswer] = [
        HostileAnswer(macro: "HOSTILE_STEP", says: "step 2 'formatDisk', which is not in the executor's vocabulary"),
        HostileAnswer(macro: "HOSTILE_LOOPBACK", says: "step 2 (set lo down): 'lo' is a link which is not its pod interface (eth0) nor a link it made"),
        HostileAnswer(macro: "HOSTILE_NEIGHBOUR", says: "step 2 (set tap7 mtu 1280): 'tap7' is a link which is not its pod interface"),
        HostileAnswer(macro: "HOSTILE_FOREIGN", says: "a custom step of plugin 'bridge'; a plugin plans custom steps of its own only"),
        HostileAnswer(macro: "HOSTILE_ADDRESS", says: "address 192.0.2.1/24 is outside the networks it serves its guest and its pod interface's"),
        HostileAnswer(macro: "HOSTILE_HUGE", says: "answered plan with a document of 16777"),
        HostileAnswer(macro: "HOSTILE_HANG_PLAN", says: "did not answer plan within 2.0 seconds"),
    ]

    /// A pod namespace with its `eth0` (10.244.1.5/24) and `tap7`, another VM's link; the hostile plugin built
    /// with `macro` in a plugin folder; the VM's manifest; and a state folder.
    final class Pod {
        private static let count = Atomic(0)
        let name = "vmnet-hostile-\(getpid())-\(Pod.count.add(1, ordering: .relaxed).newValue)"
        let folder: TemporaryFolder
        let manifest: String
        /// The namespace as it was made, before any `vmnet` command.
        let before: NamespaceSnapshot
        private static let scope = NamespaceSnapshot.Scope(sysctls: ["net/ipv4/ip_forward"])

        init(_ macro: String?) throws {
            folder = try TemporaryFolder()
            try compileCPlugin("Hostile/hostile.c", defines: macro.map { [$0] } ?? [], to: try folder.folder("plugins") + "/libhostile.so")
            manifest = folder.path + "/vm.yaml"
            try """
            apiVersion: kubevirt.io/v1
            kind: VirtualMachineInstance
            metadata:
              name: hostile-vm
            spec:
              domain:
                devices:
                  interfaces:
                  - name: default
                    hostile: {}
              networks:
              - name: default
                pod: {}
            """.write(toFile: manifest, atomically: true, encoding: .utf8)
            for arguments in [
                ["netns", "add", name], ["-n", name, "link", "set", "lo", "up"],
                ["-n", name, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0-peer"],
                ["-n", name, "address", "add", "10.244.1.5/24", "dev", "eth0"], ["-n", name, "link", "set", "eth0", "up"],
                ["-n", name, "link", "add", "tap7", "type", "veth", "peer", "name", "tap7-peer"],
            ] {
                try Command("ip", arguments).check()
            }
            before = try NamespaceSnapshot.take(name, Self.scope)
        }

        deinit {
            _ = try? Command("ip", ["netns", "delete", name]).run()
        }

        /// `vmnet VERB` of the VM in the pod, with the hostile plugin beside the built-ins and a 2 s call limit.
        func vmnet(_ verb: String) throws -> CommandResult {
            try VMNetPluginTests.vmnet(
                [verb, manifest, "--netns", name, "--state-dir", folder.path + "/state"],
                environment: ["VMNET_PLUGIN_PATH": folder.path + "/plugins", "VMNET_PLUGIN_TIMEOUT": "2"],
                timeout: .seconds(120))
        }

        var snapshot: NamespaceSnapshot {
            get throws { try NamespaceSnapshot.take(name, Self.scope) }
        }

        /// Expects the namespace as it was made (waiting a moment for the kernel to settle) and no journal left.
        func expectAsBefore() throws {
            let after = try before.awaitMatch(name, Self.scope)
            #expect(after == before, "\(after.summary(from: before))")
            #expect(journals.isEmpty, "\(journals)")
        }

        /// The journals left in the state folder.
        var journals: [String] {
            let state = folder.path + "/state"
            return (FileManager.default.enumerator(atPath: state)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".json") }
        }
    }

    @Test("the plugin without a fault wires its tap and custom step, and down undoes them")
    func wellBehaved() throws {
        let pod = try Pod(nil)
        let up = try pod.vmnet("up")
        #expect(up.status == 0, "\(up.stderr)")
        #expect(try pod.snapshot.difference(from: pod.before).contains { $0.hasPrefix("+ link tap0 kind=tun") })
        let down = try pod.vmnet("down")
        #expect(down.status == 0, "\(down.stderr)")
        try pod.expectAsBefore()
    }

    @Test("a plan beyond what the plugin was given is refused before anything is made, naming the plugin",
          arguments: refusedPlans)
    func refusedPlan(_ answer: HostileAnswer) throws {
        let pod = try Pod(answer.macro)
        let up = try pod.vmnet("up")
        #expect(up.status == 1, "\(up.stdout)\(up.stderr)")
        #expect(up.stderr.contains("the binding plugin 'hostile'"), "\(up.stderr)")
        #expect(up.stderr.contains(answer.says), "\(up.stderr)")
        #expect(up.stderr.contains("nothing was changed") || answer.macro == "HOSTILE_HUGE" || answer.macro == "HOSTILE_HANG_PLAN",
                "\(up.stderr)")
        try pod.expectAsBefore()
    }

    @Test("a crash during plan ends vmnet with the signal, naming the plugin, and nothing is made")
    func crashDuringPlan() throws {
        let pod = try Pod("HOSTILE_CRASH_PLAN")
        let up = try pod.vmnet("up")
        #expect(up.signal == SIGSEGV, "\(up.status) \(up.stderr)")
        #expect(up.stderr.contains("vmnet: the binding plugin 'hostile' ("), "\(up.stderr)")
        #expect(up.stderr.contains("crashed during plan; nothing was changed (signal 11)"), "\(up.stderr)")
        try pod.expectAsBefore()
    }

    @Test("a custom step that hangs ends at the timeout and up rolls back the steps before it")
    func hangDuringCustomStep() throws {
        let pod = try Pod("HOSTILE_HANG_CUSTOM")
        let up = try pod.vmnet("up")
        #expect(up.status != 0, "\(up.stdout)")
        #expect(up.stderr.contains("the binding plugin 'hostile'") && up.stderr.contains("did not answer apply within 2.0 seconds"),
                "\(up.stderr)")
        #expect(up.stderr.contains("the namespace is as it was"), "\(up.stderr)")
        try pod.expectAsBefore()
    }

    @Test("a custom step that crashes ends vmnet naming the plugin; the journal keeps the tap made, and down undoes it")
    func crashDuringCustomStep() throws {
        let pod = try Pod("HOSTILE_CRASH_CUSTOM")
        let up = try pod.vmnet("up")
        #expect(up.signal == SIGSEGV, "\(up.status) \(up.stderr)")
        #expect(up.stderr.contains("crashed during apply; what vmnet made before is in the VM's journal, and `vmnet down` undoes it"),
                "\(up.stderr)")
        #expect(pod.journals.count == 1)
        #expect(try pod.snapshot.difference(from: pod.before).contains { $0.hasPrefix("+ link tap0 kind=tun") })
        let down = try pod.vmnet("down")
        #expect(down.status == 0, "\(down.stderr)")
        try pod.expectAsBefore()
    }
}
