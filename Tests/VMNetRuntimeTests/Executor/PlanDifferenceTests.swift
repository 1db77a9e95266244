import Testing
import VMNetCore
@testable import VMNetRuntime

@Suite("Plan differences")
struct PlanDifferenceTests {
    private func masquerade(ports: [Int]) -> [HostStep] {
        let guest = IPAddress("10.0.2.2")!
        return [
            .createBridge(name: "k6t-eth0", macAddress: "02:00:00:00:00:00", mtu: 1500),
            .addNATRules(chains: ["KUBEVIRT_PREINBOUND"], rules: ports.map {
                NATRule(.ipv4, chain: "KUBEVIRT_PREINBOUND", transport: "tcp", destinationPort: $0, target: .dnat(to: guest))
            }),
        ]
    }

    @Test("says which NAT rules a changed port list adds and removes")
    func ports() throws {
        let applied = try TestPlan.make("vm", [("red", masquerade(ports: [80, 443]))])
        let requested = try TestPlan.make("vm", [("red", masquerade(ports: [80, 8080]))])
        let difference = PlanDifference(applied: applied, requested: requested)
        #expect(difference.interfaces.count == 1)
        #expect(difference.interfaces[0].removedSteps == ["iptables -t nat -A KUBEVIRT_PREINBOUND -p tcp -m tcp --dport 443 -j DNAT --to-destination 10.0.2.2"])
        #expect(difference.interfaces[0].addedSteps == ["iptables -t nat -A KUBEVIRT_PREINBOUND -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.2.2"])
        #expect(difference.description == """
              interface red:
                - iptables -t nat -A KUBEVIRT_PREINBOUND -p tcp -m tcp --dport 443 -j DNAT --to-destination 10.0.2.2
                + iptables -t nat -A KUBEVIRT_PREINBOUND -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.2.2
            """)
    }

    @Test("finds nothing between equal plans, and names added, removed and reordered interfaces")
    func interfaces() throws {
        let one = try TestPlan.make("vm", [("red", masquerade(ports: [80]))])
        #expect(PlanDifference(applied: one, requested: one).isEmpty)
        let two = try TestPlan.make("vm", [("red", masquerade(ports: [80])), ("blue", [.setLinkState(link: "net1", up: true)])])
        #expect(PlanDifference(applied: one, requested: two).interfaces.map(\.otherChanges) == [["interface added"]])
        #expect(PlanDifference(applied: two, requested: one).interfaces.map(\.otherChanges) == [["interface removed"]])
        let reordered = try TestPlan.make("vm", [("red", masquerade(ports: [80]).reversed())])
        #expect(PlanDifference(applied: one, requested: reordered).interfaces.map(\.otherChanges) == [["step order"]])
    }
}
