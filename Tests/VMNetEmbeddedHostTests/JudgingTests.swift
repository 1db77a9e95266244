import Testing
import VMNetCore
import VMNetEmbeddedHost
import VMNetRuntime
import VMNetWiring

/// Judging a wired namespace that something else changed since (`vmnet check`, `up` again), on the in-memory host.
@Suite("judging a changed namespace, on the embedded host")
struct JudgingTests {
    private let example = SpecExample.covering[0]

    @Test("check names each link, address, sysctl and NAT rule changed since up; down still puts the namespace back")
    func changedSinceUp() throws {
        try StateFolder.with { state in
            let pod = try example.makePod()
            let before = try pod.contents
            let wired = try example.up(pod, state)
            let vm = wired.outcome.vm
            let wiring = example.wiring(pod.host, state)
            #expect(try wiring.check(vm, in: pod.namespace).isEmpty)

            let rules = wired.plan.steps.flatMap { step -> [NATRule] in
                if case .addNATRules(_, let rules) = step { rules } else { [] }
            }
            let dnat = try #require(rules.first { $0.chain == "KUBEVIRT_PREINBOUND" })
            try pod.host.change(pod.namespace) { namespace throws(NetlinkError) in
                namespace.sysctls["net/ipv4/ip_forward"] = "0"
                namespace.nat.remove(.ipv4, rules: [dnat], chains: [])
                try namespace.deleteAddress(network("10.0.2.1/24"), from: "k6t-eth0")
                try namespace.setMTU(1400, of: "tap1")
            }
            #expect(try wiring.check(vm, in: pod.namespace) == [
                "link tap1 has MTU 1400, not 1450",
                "address 10.0.2.1/24 is missing from k6t-eth0",
                "sysctl net/ipv4/ip_forward is 0, not 1",
                "NAT rule `\(dnat)` (IPv4) is missing",
            ])
            try pod.host.change(pod.namespace) { namespace throws(NetlinkError) in
                let everything = namespace.nat.rules(.ipv4, chain: "KUBEVIRT_PREINBOUND") ?? []
                namespace.nat.remove(.ipv4, rules: rules.filter { $0.family == .ipv4 } + everything, chains: ["KUBEVIRT_PREINBOUND"])
            }
            #expect(try wiring.check(vm, in: pod.namespace).contains("NAT chain KUBEVIRT_PREINBOUND (IPv4) is missing"))

            #expect(try example.down(pod, state).map(\.action) == [.undone])
            #expect(try pod.contents == before)
        }
    }

    @Test("up with the same manifests leaves a wired VM alone; after its namespace was made again, wires it anew")
    func upAgain() throws {
        try StateFolder.with { state in
            let pod = try example.makePod()
            let fresh = try pod.contents
            #expect(try example.up(pod, state).outcome.action == .applied)
            let wired = try pod.contents
            let operations = pod.host.operationCount
            #expect(try example.up(pod, state).outcome.action == .unchanged)
            #expect(try pod.contents == wired)
            #expect(pod.host.operationLog.dropFirst(operations).allSatisfy { $0.contains(": read ") }, "\(pod.host.operationLog.dropFirst(operations))")
            pod.host.add(pod.namespace, fresh)
            let again = try example.up(pod, state).outcome
            #expect(again.action == .applied && again.stepsMade == example.steps)
            #expect(try pod.contents == wired)
        }
    }
}
