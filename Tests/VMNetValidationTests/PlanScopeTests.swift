import Testing
import VMNetCore
import VMNetEngine

/// A backend that answers whatever it is given to answer.
private struct AnsweringBackend: Backend {
    let manifest = BackendManifest(
        name: "answering", displayName: "Answering", version: "1.0.0", summary: "answers as told",
        capabilities: BackendCapabilities(providesDefaultNetwork: true))
    let answer: BackendPlan

    func validate(_ request: BackendValidationRequest) -> [Diagnostic] { [] }
    func plan(_ request: BackendPlanRequest) throws(PlanError) -> BackendPlan { answer }
}

/// A binding that answers the steps it is given, with a DHCP server for 10.0.2.2/24 on `k6t-eth0`.
private struct AnsweringBinding: Binding {
    let manifest = BindingManifest(
        name: "answering", displayName: "Answering", version: "1.0.0", summary: "answers as told",
        capabilities: BindingCapabilities(servesDHCP: true))
    let steps: [HostStep]

    func plan(_ request: BindingPlanRequest) throws(PlanError) -> BindingPlan {
        BindingPlan(
            interface: "default", podInterface: request.podInterface?.name, steps: steps,
            dhcp: DHCPServerPlan(
                interface: "k6t-eth0", serverAddress: IPAddress("10.0.2.1")!, clientAddress: try! IPNetwork(parsing: "10.0.2.2/24"),
                clientMACAddress: nil, router: nil, mtu: 1500, hostname: "vm"),
            device: .interface(DomainInterface(name: "ua-default", targetDevice: "tap0")))
    }
}

@Suite("The planner holds every plugin's answer to what it was given")
struct PlanScopeTests {
    static let eth0 = BackendPlan(assignments: [.init(network: "default", podInterface: "eth0", isPrimary: true)])
    static let facts = PodFacts(interfaces: [
        PodInterface(name: "lo", macAddress: "00:00:00:00:00:00", addresses: [try! IPNetwork(parsing: "127.0.0.1/8")]),
        PodInterface(name: "eth0", macAddress: "0a:58:0a:f4:01:05", addresses: [try! IPNetwork(parsing: "10.244.1.5/24")]),
    ])
    static let vm = VirtualMachine(
        name: "vm", interfaces: [Interface(name: "default", bindings: [BindingMethod(name: "answering")])],
        networks: [Network(name: "default", sources: [NetworkSource(backend: "answering")])])

    private func plan(_ steps: [HostStep], backend: BackendPlan = eth0) throws(PlanError) -> VMPlan {
        let drivers = DriverSet(bindings: [AnsweringBinding(steps: steps)], backends: [AnsweringBackend(answer: backend)])
        return try Planner(drivers: drivers).plan(Self.vm, config: ClusterConfig(), facts: Self.facts)
    }

    private func refusal(_ steps: [HostStep], backend: BackendPlan = eth0) -> String? {
        do {
            _ = try plan(steps, backend: backend)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("a plan on its pod interface and the links it makes, with addresses it serves or link-local, passes")
    func inScope() throws {
        let plan = try plan([
            .createBridge(name: "k6t-eth0", macAddress: nil, mtu: 1500), .setMaster(link: "eth0", master: "k6t-eth0"),
            .removeAddress(link: "eth0", address: try IPNetwork(parsing: "10.244.1.5/24")),
            .addAddress(link: "k6t-eth0", address: try IPNetwork(parsing: "10.0.2.1/24")),
            .addAddress(link: "k6t-eth0", address: try IPNetwork(parsing: "169.254.75.10/32")),
            .setSysctl(key: "net/ipv4/conf/k6t-eth0/route_localnet", value: "1"), .setSysctl(key: "net/ipv4/ip_forward", value: "1"),
            .createTap(name: "tap0", mtu: 1500, queues: 1, owner: 0, group: 0), .renameLink(from: "tap0", to: "tap1"),
            .setMaster(link: "tap1", master: "k6t-eth0"), .setLinkState(link: "tap1", up: true),
            .custom(CustomStep(plugin: "answering", name: "tune")),
        ])
        #expect(plan.interfaces.count == 1)
    }

    @Test("each way out of scope is refused, naming the plugin and the step", arguments: [
        (HostStep.setLinkState(link: "lo", up: false), "step 1 (set lo down): 'lo' is a link which is not its pod interface (eth0) nor a link it made"),
        (.setMTU(link: "tap9", mtu: 1280), "'tap9' is a link which is not its pod interface"),
        (.addAddress(link: "eth0", address: try! IPNetwork(parsing: "192.0.2.1/24")), "address 192.0.2.1/24 is outside the networks it serves"),
        (.removeAddress(link: "eth0", address: try! IPNetwork(parsing: "10.244.1.6/24")), "address 10.244.1.6/24 is not one of its pod interface's"),
        (.setSysctl(key: "net/ipv4/conf/tap9/forwarding", value: "1"), "sysctl net/ipv4/conf/tap9/forwarding is of 'tap9'"),
        (.custom(CustomStep(plugin: "bridge", name: "x")), "a custom step of plugin 'bridge'"),
        (.setMTU(link: "eth0", mtu: 40), "MTU 40 is outside 68–65535"),
        (.renameLink(from: "lo", to: "eth9"), "'lo' is a link which is not"),
    ])
    func outOfScope(_ step: HostStep, _ says: String) {
        let message = refusal([step]) ?? "none"
        #expect(message.hasPrefix("the binding plugin 'answering' answered a plan for interface default that vmnet refuses, so nothing was changed: "), "\(message)")
        #expect(message.contains(says), "\(message)")
    }

    @Test("a DHCP server on a link the plan did not make is refused")
    func dhcpOutOfScope() {
        #expect(refusal([])?.contains("its DHCP server is on 'k6t-eth0', which is not its pod interface (eth0) nor a link it made") == true)
    }

    @Test("more steps than StepLimits allows are refused")
    func tooManySteps() {
        let steps = [HostStep](repeating: .setLinkState(link: "eth0", up: true), count: StepLimits.maximumSteps + 1)
        #expect(refusal(steps)?.contains("257 steps; a plan holds at most 256") == true)
    }

    @Test("a backend that answers for another network, twice for one, or gives lo is refused, naming it", arguments: [
        (BackendPlan(assignments: [.init(network: "Hdefault", podInterface: "eth0", isPrimary: true)]),
         "the backend plugin 'answering' was asked for the pod interfaces of networks default and answered network Hdefault instead"),
        (BackendPlan(assignments: [.init(network: "default", podInterface: "eth0", isPrimary: true),
                                   .init(network: "default", podInterface: "eth0", isPrimary: true)]),
         "answered network default twice"),
        (BackendPlan(assignments: [.init(network: "default", podInterface: "lo", isPrimary: true)]),
         "the backend plugin 'answering' gave network default the pod interface 'lo'"),
        (BackendPlan(assignments: []), "the backend plugin 'answering' gave network default no pod interface"),
    ])
    func backendOutOfScope(_ answer: BackendPlan, _ says: String) {
        let steps: [HostStep] = [.createBridge(name: "k6t-eth0", macAddress: nil, mtu: nil)]
        let message = refusal(steps, backend: answer) ?? "none"
        #expect(message.contains(says), "\(message)")
        #expect(message.hasSuffix("nothing was changed"), "\(message)")
    }
}
