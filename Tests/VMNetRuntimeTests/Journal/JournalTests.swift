import Foundation
import Glibc
import Testing
import VMNetCore
import VMNetEngine
@testable import VMNetRuntime

@Suite("The journal")
struct JournalTests {
    private let rules = [
        NATRule(.ipv4, chain: "POSTROUTING", source: IPAddress("10.0.2.2"), target: .masquerade),
        NATRule(.ipv4, chain: "PREROUTING", inInterface: "eth0", target: .jump("KUBEVIRT_PREINBOUND")),
        NATRule(.ipv4, chain: "POSTROUTING", outInterface: "k6t-eth0", target: .jump("KUBEVIRT_POSTINBOUND")),
        NATRule(.ipv6, chain: "KUBEVIRT_PREINBOUND", transport: "udp", destinationPort: 53, target: .dnat(to: IPAddress("fd10:0:2::2")!)),
        NATRule(.ipv6, chain: "KUBEVIRT_POSTINBOUND", transport: "tcp", destinationPort: 80, source: IPAddress("::1"), target: .snat(to: IPAddress("fd10:0:2::1")!)),
        NATRule(.ipv4, chain: "OUTPUT", transport: "tcp", destinationPort: 49152, source: IPAddress("127.0.0.1"), target: .return),
        NATRule(.ipv4, chain: "OUTPUT", destination: IPAddress("127.0.0.1"), target: .dnat(to: IPAddress("10.0.2.2")!)),
    ]

    @Test("keeps NAT rules as one line each and reads them back unchanged")
    func compactRules() {
        #expect(rules[3].line == "ipv6 KUBEVIRT_PREINBOUND udp 53 - - - - dnat fd10:0:2::2")
        #expect(rules[0].line == "ipv4 POSTROUTING - - 10.0.2.2 - - - masquerade")
        for rule in rules {
            #expect(NATRule(line: rule.line) == rule)
        }
        for broken in ["", "ipv5 OUTPUT - - - - - - return", "ipv4 OUTPUT - x - - - - return", "ipv4 OUTPUT - - - - - - dnat", "ipv4 OUTPUT - - nowhere - - - return"] {
            #expect(NATRule(line: broken) == nil, "\(broken)")
        }
    }

    @Test("writes atomically and reads back the facts, the plan with its NAT rules, and every entry")
    func roundTrip() throws {
        let plan = try TestPlan.make("vm", [("default", [
            .createBridge(name: "k6t-eth0", macAddress: "02:00:00:00:00:00", mtu: 1500),
            .addNATRules(chains: ["KUBEVIRT_PREINBOUND", "KUBEVIRT_POSTINBOUND"], rules: rules),
        ]), ("second", [.addNATRules(chains: [], rules: [rules[0]])])])
        let facts = IllustrativePod.facts(withIPv6: true)
        try TestStateDirectory.with { state in
            try FileManager.default.createDirectory(atPath: state.path, withIntermediateDirectories: true)
            let path = state.path + "/default_vm.json"
            var journal = Journal(
                vm: VMReference(plan), namespace: NetworkNamespace(name: "pod1"), manifestDigest: "abc", facts: facts, plan: plan)
            journal.entries[0].state = .done
            journal.entries[0].prior = .newLink(name: "k6t-eth0")
            journal.entries[1].state = .intended
            journal.entries[1].prior = .natRules(createdChains: NATChainsByFamily(ipv4: ["KUBEVIRT_PREINBOUND"]))
            try JournalFile(path: path, journal: journal).write()

            let read = try #require(try JournalFile.load(path: path)).journal
            #expect(read.header.plan == plan)
            #expect(read.header.facts == facts)
            #expect(read.header.manifestDigest == "abc")
            #expect(read.header.namespace == "/var/run/netns/pod1")
            #expect(read.entries == journal.entries)
            #expect(read.phase == .applying)
            #expect(try FileManager.default.contentsOfDirectory(atPath: state.path) == ["default_vm.json"], "a temporary file was left")
            var info = stat()
            #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains(#""rules":"ipv4 POSTROUTING - - 10.0.2.2 - - - masquerade\nipv4 PREROUTING"#), "\(text)")
            #expect(!text.contains(#""natRules":[["#))
            #expect(try JournalFile.load(path: state.path + "/none.json") == nil)

            // Journals written before the rules moved into the plan: NAT steps emptied, the lines beside the plan.
            let older = text.replacingOccurrences(of: #""rules":"[^"]*""#, with: #""rules":"""#, options: .regularExpression)
                .replacingOccurrences(
                    of: #""facts":"#,
                    with: #""natRules":[\#(Self.lines(rules)),\#(Self.lines([rules[0]]))],"facts":"#)
            #expect(older.contains(#""rules":"""#) && older != text)
            try Data(older.utf8).write(to: URL(fileURLWithPath: path))
            #expect(try #require(try JournalFile.load(path: path)).journal.header.plan == plan)

            // Journals written before assignments carried details: a genie interface's cniConfigFile, no details.
            let withoutDetails = text.replacingOccurrences(
                of: #""details":\{\}"#, with: #""cniConfigFile":"/etc/cni/net.d/10-flannel.conflist""#, options: .regularExpression)
            #expect(withoutDetails.contains("cniConfigFile") && !withoutDetails.contains(#""details""#))
            try Data(withoutDetails.utf8).write(to: URL(fileURLWithPath: path))
            #expect(try #require(try JournalFile.load(path: path)).journal.header.plan == plan)
        }
    }

    /// A NAT step's rules as a JSON array of their lines.
    private static func lines(_ rules: [NATRule]) -> String {
        "[" + rules.map { "\"\($0.line)\"" }.joined(separator: ",") + "]"
    }

    @Test("refuses a journal it cannot read, saying what to do")
    func unreadable() throws {
        try TestStateDirectory.with { state in
            try FileManager.default.createDirectory(atPath: state.path, withIntermediateDirectories: true)
            let path = state.path + "/default_vm.json"
            try Data(#"{"header":{"format":99}}"#.utf8).write(to: URL(fileURLWithPath: path))
            #expect {
                try JournalFile.load(path: path)
            } throws: { error in
                guard case .unreadableJournal(let at, _) = error as? ExecutorError else { return false }
                return at == path && "\(error)".contains("undo what it records by hand and delete it")
            }
        }
    }

    @Test("keeps one journal per namespace and VM, and names namespaces given by path safely")
    func paths() {
        let state = StateDirectory(path: "/run/vmnet")
        let vm = VMReference(namespace: "default", name: "vm1")
        #expect(state.journalPath(of: vm, in: NetworkNamespace(name: "pod1")) == "/run/vmnet/pod1/default_vm1.json")
        #expect(NetworkNamespace(path: "/var/run/netns/pod1").stateName == "pod1")
        #expect(NetworkNamespace(path: "/run/netns/pod1").stateName == "pod1")
        #expect(NetworkNamespace(path: "/proc/42/ns/net").stateName == "%2Fproc%2F42%2Fns%2Fnet")
        #expect(NetworkNamespace(path: "/var/run/netns/a/b").stateName == "%2Fvar%2Frun%2Fnetns%2Fa%2Fb")
        #expect(NetworkNamespace(name: "pod1").description == "network namespace pod1")
        #expect(NetworkNamespace(path: "/proc/42/ns/net").description == "network namespace at /proc/42/ns/net")
        #expect(FileName.escaping(".hidden%/x") == "%2Ehidden%25%2Fx")
    }

    @Test("digests what a plan depends on, not how the manifest is written")
    func digest() {
        let vm = VirtualMachine(name: "vm", namespace: "default")
        let one = ManifestDigest.of(vm, config: ClusterConfig(), attachments: [], options: Planner.Options())
        #expect(one == ManifestDigest.of(vm, config: ClusterConfig(), attachments: [], options: Planner.Options()))
        #expect(one != ManifestDigest.of(vm, config: ClusterConfig(["permitSlirpInterface": "true"]), attachments: [], options: Planner.Options()))
        #expect(one != ManifestDigest.of(vm, config: ClusterConfig(), attachments: [], options: Planner.Options(tapOwner: 107)))
        // A network-status annotation names the pod interfaces the plan uses: another one is another plan.
        func status(_ interface: String) -> Planner.Options {
            Planner.Options(podAnnotations: [
                BackendPlanRequest.networkStatusAnnotation: #"[{"name": "default/red", "interface": "\#(interface)"}]"#
            ])
        }
        let withStatus = ManifestDigest.of(vm, config: ClusterConfig(), attachments: [], options: status("pod0123456789a"))
        #expect(one != withStatus)
        #expect(withStatus != ManifestDigest.of(vm, config: ClusterConfig(), attachments: [], options: status("net1")))
        #expect(one.count == 64)
    }

    #if VMNET_TESTING
    @Test("reads the test hooks from the environment (debug builds only)")
    func hooks() {
        let hooks = FaultInjection.fromEnvironment(["VMNET_FAIL_AT_STEP": "3", "VMNET_PAUSE_AFTER_STEP": "x"])
        #expect(hooks == FaultInjection(failAtStep: 3))
        #expect(FaultInjection.fromEnvironment([:]) == .none)
    }
    #endif
}
