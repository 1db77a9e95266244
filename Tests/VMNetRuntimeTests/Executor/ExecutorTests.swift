import Foundation
import Glibc
import Testing
import VMNetCore
import VMNetEngine
@testable import VMNetRuntime
import VMNetTestKit

/// The marker binding, making a bridge on the thread the executor runs its step on, so the bridge shows which
/// namespace that thread is in.
private let markerBinding = LinkMarkerBinding(
    make: { try RouteSocket().createBridge(named: $0) }, remove: { try RouteSocket().deleteLink(named: $0) })

@Suite("Executor in process")
struct ExecutorTests {
    private let drivers = DriverSet(bindings: [markerBinding], backends: [])

    private func executor(_ pod: TestPod, _ state: TestStateDirectory, replace: Bool = false) -> Executor {
        Executor(
            namespace: NetworkNamespace(name: pod.name), drivers: drivers,
            options: Executor.Options(stateDirectory: StateDirectory(path: state.path), replace: replace))
    }

    /// `plan` as `up` is asked for it: with the facts it would be planned from in the namespace `name`.
    private func request(_ plan: VMPlan, in name: String, _ state: TestStateDirectory, digest: String = "d1") throws -> ApplyRequest {
        let facts = try PodFactsReader(stateDirectory: StateDirectory(path: state.path))
            .facts(of: VMReference(plan), in: NetworkNamespace(name: name))
        return ApplyRequest(vm: VMReference(plan), manifestDigest: digest, facts: facts, plan: plan)
    }

    @Test("reports the failing step with the kernel's error and undoes the steps before it (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func kernelRefusal() throws {
        let plan = try TestPlan.make("refused", [("default", [
            .createBridge(name: "k6t-eth0", macAddress: nil, mtu: 1500),
            .addAddress(link: "k6t-eth0", address: network("10.0.2.1/24")),
            .setSysctl(key: "net/ipv4/ip_forward", value: "1"),
            .setMTU(link: "eth0", mtu: 70000),
            .setLinkState(link: "k6t-eth0", up: true),
        ])])
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let before = try NamespaceSnapshot(pod)
                #expect {
                    try executor(pod, state).up(request(plan, in: pod.name, state))
                } throws: { error in
                    guard case .stepFailed(let failure) = error as? ExecutorError else { return false }
                    return failure.number == 4 && failure.count == 5 && failure.undone == [3, 2, 1]
                        && failure.rollbackFailure == nil
                        && failure.description.hasPrefix("VM default/refused: step 4 of 5 (set eth0 mtu 70000, interface default) failed: set MTU of eth0 to 70000: ")
                        && failure.description.hasSuffix("undid steps 3, 2, 1; the namespace is as it was")
                }
                #expect(try before.awaitMatch(pod) == before)
                #expect(state.journals.isEmpty)
            }
        }
    }

    @Test("hands custom steps to their plugin on the namespace's thread, and back to it to undo (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func customSteps() throws {
        let plan = try TestPlan.make("custom", [("default", [
            .createBridge(name: "k6t-eth0", macAddress: nil, mtu: nil),
            .custom(CustomStep(plugin: "marker", name: "make-link", arguments: ["link": "marker0"])),
            .setLinkState(link: "k6t-eth0", up: true),
        ])])
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let before = try NamespaceSnapshot(pod)
                let outcome = try executor(pod, state).up(request(plan, in: pod.name, state))
                #expect(outcome.action == .applied && outcome.stepsMade == 3)
                #expect(try pod.links()["marker0"] != nil)
                let journal = try #require(try StateDirectory(path: state.path).journal(of: VMReference(plan), in: NetworkNamespace(name: pod.name)))
                #expect(journal.entries.map(\.prior) == [.newLink(name: "k6t-eth0"), .custom, .linkState(up: false, snapshot: LinkSnapshot(link: "k6t-eth0", addresses: [], routes: [], linkLocalAddresses: [], kernelRoutes: []))])
                let down = try executor(pod, state).down(VMReference(plan))
                #expect(down.action == .undone && down.stepsUndone == 3)
                #expect(try before.awaitMatch(pod) == before)

                let failing = try TestPlan.make("custom", [("default", [
                    .custom(CustomStep(plugin: "marker", name: "make-link", arguments: ["link": "marker0"])),
                    .setMTU(link: "marker0", mtu: 70000),
                ])])
                #expect(throws: ExecutorError.self) { try executor(pod, state).up(request(failing, in: pod.name, state)) }
                #expect(try pod.links()["marker0"] == nil, "the rollback reverted the custom step")
            }
        }
    }

    @Test("refuses a custom step whose plugin is not loaded, naming it (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func missingPlugin() throws {
        let plan = try TestPlan.make("orphan", [("default", [.custom(CustomStep(plugin: "absent", name: "x"))])])
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                #expect {
                    try executor(pod, state).up(request(plan, in: pod.name, state))
                } throws: { error in
                    "\(error)".contains("the plugin 'absent' that owns this step is not loaded")
                }
            }
        }
    }

    @Test("up refuses a plan made from interfaces the namespace no longer has; check names what differs from the journal (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func factsChangedSincePlanning() throws {
        let plan = try TestPlan.make("vm", [("default", [
            .createBridge(name: "k6t-eth0", macAddress: nil, mtu: nil), .setLinkState(link: "k6t-eth0", up: true),
        ])])
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                var stale = try request(plan, in: pod.name, state)
                stale.facts.interfaces[0].mtu += 100
                let before = try NamespaceSnapshot(pod)
                #expect {
                    try executor(pod, state).up(stale)
                } throws: { error in
                    guard case .factsChanged = error as? ExecutorError else { return false }
                    return "\(error)".contains("changed after it was planned; nothing was made, plan again")
                }
                #expect(try NamespaceSnapshot(pod) == before)
                #expect(state.journals.isEmpty)
                #expect(try executor(pod, state).up(request(plan, in: pod.name, state)).action == .applied)
                #expect(try executor(pod, state).check(VMReference(plan)).isEmpty)
                try pod.ip("-n", pod.name, "link", "set", "k6t-eth0", "down")
                #expect(try executor(pod, state).check(VMReference(plan)) == ["link k6t-eth0 is down, not up"])
                try pod.ip("-n", pod.name, "link", "del", "k6t-eth0")
                #expect(try executor(pod, state).check(VMReference(plan)) == ["link k6t-eth0 is missing"])
                #expect(try executor(pod, state).downAll().map(\.action) == [.undone])
            }
        }
    }

    @Test("up with the same digest does nothing; with another, names what differs unless replace is set (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func changedPlan() throws {
        let first = try TestPlan.make("vm", [("default", [.createBridge(name: "k6t-eth0", macAddress: nil, mtu: nil)])])
        let second = try TestPlan.make("vm", [("default", [
            .createBridge(name: "k6t-eth0", macAddress: nil, mtu: nil),
            .addAddress(link: "k6t-eth0", address: network("10.0.2.1/24")),
        ])])
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                #expect(try executor(pod, state).up(request(first, in: pod.name, state)).action == .applied)
                #expect(try executor(pod, state).up(request(first, in: pod.name, state)).action == .unchanged)
                #expect(try executor(pod, state).up(request(first, in: pod.name, state, digest: "reformatted")).action == .unchanged)
                #expect {
                    try executor(pod, state).up(request(second, in: pod.name, state, digest: "d2"))
                } throws: { error in
                    guard case .planChanged(_, let difference, _) = error as? ExecutorError else { return false }
                    return difference.interfaces.map(\.addedSteps) == [["add address 10.0.2.1/24 to k6t-eth0"]]
                        && "\(error)".contains("run `vmnet down` first, or `vmnet up --replace`")
                }
                let replaced = try executor(pod, state, replace: true).up(request(second, in: pod.name, state, digest: "d2"))
                #expect(replaced.action == .replaced && replaced.stepsUndone == 1 && replaced.stepsMade == 2)
                #expect(try pod.globalAddresses("k6t-eth0") == ["10.0.2.1/24"])
                #expect(try executor(pod, state).downAll().map(\.action) == [.undone])
            }
        }
    }

    @Test("down of a namespace that is gone deletes its journals (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func namespaceGone() throws {
        let plan = try TestPlan.make("vm", [("default", [.createBridge(name: "k6t-eth0", macAddress: nil, mtu: nil)])])
        try TestStateDirectory.with { state in
            var name = ""
            try TestPod.with([.eth0()]) { pod in
                name = pod.name
                _ = try executor(pod, state).up(request(plan, in: pod.name, state))
            }
            let gone = Executor(
                namespace: NetworkNamespace(name: name), drivers: drivers,
                options: Executor.Options(stateDirectory: StateDirectory(path: state.path)))
            #expect(try gone.downAll().map(\.action) == [.namespaceGone])
            #expect(state.journals.isEmpty)
            #expect(try gone.downAll().isEmpty)
        }
    }

    @Test("a namespace made again at the same path is wired afresh, and its predecessor's journal dropped (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func recreatedNamespace() throws {
        let plan = try TestPlan.make("vm", [("default", [.createBridge(name: "k6t-eth0", macAddress: nil, mtu: nil)])])
        try TestStateDirectory.with { state in
            var name = ""
            try TestPod.with([.eth0()]) { pod in
                name = pod.name
                _ = try executor(pod, state).up(request(plan, in: pod.name, state))
            }
            #expect(try run("ip", "netns", "add", name).status == 0)
            defer { _ = try? run("ip", "netns", "del", name) }
            let again = Executor(
                namespace: NetworkNamespace(name: name), drivers: drivers,
                options: Executor.Options(stateDirectory: StateDirectory(path: state.path)))
            #expect(try again.up(request(plan, in: name, state)).action == .applied)
            #expect(try run("ip", "-n", name, "link", "show", "k6t-eth0").status == 0)
            #expect(try again.down(VMReference(plan)).action == .undone)

            _ = try again.up(request(plan, in: name, state))
            #expect(try run("ip", "netns", "del", name).status == 0)
            #expect(try run("ip", "netns", "add", name).status == 0)
            #expect(try again.downAll().map(\.action) == [.namespaceGone])
            #expect(state.journals.isEmpty)
        }
    }

    @Test("reads a pod's facts, and a wired VM's facts from its journal (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func facts() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0(ipv6: true), .secondary("net1", subnet: 250)]) { pod in
                let namespace = NetworkNamespace(name: pod.name)
                let reader = PodFactsReader(stateDirectory: StateDirectory(path: state.path))
                let facts = try reader.currentFacts(in: namespace)
                let links = try pod.links()
                #expect(facts.interfaces.map(\.name) == ["eth0", "net1"])
                let eth0 = try #require(facts.interface(named: "eth0"))
                #expect(eth0.macAddress == links["eth0"]?["address"] as? String)
                #expect(eth0.mtu == 1500)
                #expect(eth0.addresses == [network("10.244.0.5/24"), network("fd00:10:244::5/64")])
                #expect(eth0.routes.filter { !$0.isIPv6 } == [
                    PodRoute(destination: nil, gateway: IPAddress("10.244.0.1")),
                    PodRoute(destination: network("10.244.0.0/24")),
                    PodRoute(destination: network("192.168.7.0/24"), gateway: IPAddress("10.244.0.1")),
                ])
                #expect(Set(eth0.routes.filter(\.isIPv6).map { "\($0.destination?.description ?? "default") \($0.gateway?.description ?? "-")" })
                    == ["fd00:10:244::/64 -", "default fd00:10:244::1"])
                #expect(facts.interface(named: "net1")?.mtu == 1450)
                #expect(facts.interface(named: "net1")?.routes == [PodRoute(destination: network("10.250.0.0/24"))])

                let plan = try TestPlan.make("wired", [("default", [
                    .setLinkState(link: "eth0", up: false),
                    .removeAddress(link: "eth0", address: network("10.244.0.5/24")),
                ])])
                _ = try executor(pod, state).up(request(plan, in: pod.name, state))
                #expect(try reader.currentFacts(in: namespace).interface(named: "eth0")?.addresses.isEmpty == true)
                #expect(try reader.facts(of: VMReference(plan), in: namespace) == facts)
                _ = try executor(pod, state).down(VMReference(plan))
            }
        }
    }
}
