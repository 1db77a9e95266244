import Testing
import VMNetCore
import VMNetEngine
import VMNetEmbeddedHost
import VMNetRuntime
import VMNetTestKit

/// The marker binding, making a bridge in the embedded pod, as a plugin's own step changes the namespace.
private func markerBinding(in pod: EmbeddedPod) -> LinkMarkerBinding {
    LinkMarkerBinding(
        make: { name in
            try pod.host.change(pod.namespace) { namespace throws(NetlinkError) in try namespace.addLink(name, kind: "bridge") }
        },
        remove: { name in
            try pod.host.change(pod.namespace) { namespace throws(NetlinkError) in try namespace.deleteLink(name) }
        })
}

/// The in-process tests of `ExecutorTests`, on the in-memory host: they need no root.
@Suite("Executor on the embedded host")
struct EmbeddedExecutorTests {
    @Test("reports the failing step with the kernel's error and undoes the steps before it")
    func kernelRefusal() throws {
        let plan = handPlan("refused", [
            .createBridge(name: "k6t-eth0", macAddress: nil, mtu: 1500),
            .addAddress(link: "k6t-eth0", address: network("10.0.2.1/24")),
            .setSysctl(key: "net/ipv4/ip_forward", value: "1"),
            .setMTU(link: "eth0", mtu: 70000),
            .setLinkState(link: "k6t-eth0", up: true),
        ])
        try StateFolder.with { state in
            let pod = try EmbeddedPod([.eth0()])
            let before = try pod.contents
            #expect {
                try pod.executor(state).up(pod.request(plan, state))
            } throws: { error in
                guard case .stepFailed(let failure) = error as? ExecutorError else { return false }
                return failure.number == 4 && failure.count == 5 && failure.undone == [3, 2, 1]
                    && failure.rollbackFailure == nil
                    && failure.description.hasPrefix("VM default/refused: step 4 of 5 (set eth0 mtu 70000, interface default) failed: set MTU of eth0 to 70000: ")
                    && failure.description.hasSuffix("undid steps 3, 2, 1; the namespace is as it was")
            }
            #expect(try pod.contents == before)
            #expect(state.journals.isEmpty)
        }
    }

    @Test("hands custom steps to their plugin, and back to it to undo")
    func customSteps() throws {
        let plan = handPlan("custom", [
            .createBridge(name: "k6t-eth0", macAddress: nil, mtu: nil),
            .custom(CustomStep(plugin: "marker", name: "make-link", arguments: ["link": "marker0"])),
            .setLinkState(link: "k6t-eth0", up: true),
        ])
        try StateFolder.with { state in
            let pod = try EmbeddedPod([.eth0()])
            let drivers = DriverSet(bindings: [markerBinding(in: pod)], backends: [])
            let before = try pod.contents
            let outcome = try pod.executor(state, drivers: drivers).up(pod.request(plan, state))
            #expect(outcome.action == .applied && outcome.stepsMade == 3)
            #expect(try pod.contents.link("marker0") != nil)
            let journal = try #require(try state.directory.journal(of: VMReference(plan), in: pod.namespace))
            #expect(journal.entries.map(\.prior) == [
                .newLink(name: "k6t-eth0"), .custom,
                .linkState(up: false, snapshot: LinkSnapshot(link: "k6t-eth0", addresses: [], routes: [], linkLocalAddresses: [], kernelRoutes: [])),
            ])
            let down = try pod.executor(state, drivers: drivers).down(VMReference(plan))
            #expect(down.action == .undone && down.stepsUndone == 3)
            #expect(try pod.contents == before)

            let failing = handPlan("custom", [
                .custom(CustomStep(plugin: "marker", name: "make-link", arguments: ["link": "marker0"])),
                .setMTU(link: "marker0", mtu: 70000),
            ])
            #expect(throws: ExecutorError.self) { try pod.executor(state, drivers: drivers).up(pod.request(failing, state)) }
            #expect(try pod.contents.link("marker0") == nil, "the rollback reverted the custom step")
        }
    }

    @Test("refuses a custom step whose plugin is not loaded, naming it")
    func missingPlugin() throws {
        let plan = handPlan("orphan", [.custom(CustomStep(plugin: "absent", name: "x"))])
        try StateFolder.with { state in
            let pod = try EmbeddedPod([.eth0()])
            #expect {
                try pod.executor(state).up(pod.request(plan, state))
            } throws: { error in
                "\(error)".contains("the plugin 'absent' that owns this step is not loaded")
            }
        }
    }

    @Test("up refuses a plan made from interfaces the namespace no longer has; check names what differs from the journal")
    func factsChangedSincePlanning() throws {
        let plan = handPlan("vm", [
            .createBridge(name: "k6t-eth0", macAddress: nil, mtu: nil), .setLinkState(link: "k6t-eth0", up: true),
        ])
        try StateFolder.with { state in
            let pod = try EmbeddedPod([.eth0()])
            var stale = try pod.request(plan, state)
            stale.facts.interfaces[0].mtu += 100
            let before = try pod.contents
            #expect {
                try pod.executor(state).up(stale)
            } throws: { error in
                guard case .factsChanged = error as? ExecutorError else { return false }
                return "\(error)".contains("changed after it was planned; nothing was made, plan again")
            }
            #expect(try pod.contents == before)
            #expect(state.journals.isEmpty)
            #expect(try pod.executor(state).up(pod.request(plan, state)).action == .applied)
            #expect(try pod.executor(state).check(VMReference(plan)).isEmpty)
            try pod.host.change(pod.namespace) { namespace throws(NetlinkError) in try namespace.setLink("k6t-eth0", up: false) }
            #expect(try pod.executor(state).check(VMReference(plan)) == ["link k6t-eth0 is down, not up"])
            try pod.host.change(pod.namespace) { namespace throws(NetlinkError) in try namespace.deleteLink("k6t-eth0") }
            #expect(try pod.executor(state).check(VMReference(plan)) == ["link k6t-eth0 is missing"])
            #expect(try pod.executor(state).downAll().map(\.action) == [.undone])
            #expect(try pod.contents == before)
        }
    }

    @Test("up with the same digest does nothing; with another, names what differs unless replace is set")
    func changedPlan() throws {
        let first = handPlan("vm", [.createBridge(name: "k6t-eth0", macAddress: nil, mtu: nil)])
        let second = handPlan("vm", [
            .createBridge(name: "k6t-eth0", macAddress: nil, mtu: nil),
            .addAddress(link: "k6t-eth0", address: network("10.0.2.1/24")),
        ])
        try StateFolder.with { state in
            let pod = try EmbeddedPod([.eth0()])
            let before = try pod.contents
            #expect(try pod.executor(state).up(pod.request(first, state)).action == .applied)
            #expect(try pod.executor(state).up(pod.request(first, state)).action == .unchanged)
            #expect(try pod.executor(state).up(pod.request(first, state, digest: "reformatted")).action == .unchanged)
            #expect {
                try pod.executor(state).up(pod.request(second, state, digest: "d2"))
            } throws: { error in
                guard case .planChanged(_, let difference, _) = error as? ExecutorError else { return false }
                return difference.interfaces.map(\.addedSteps) == [["add address 10.0.2.1/24 to k6t-eth0"]]
                    && "\(error)".contains("run `vmnet down` first, or `vmnet up --replace`")
            }
            let replaced = try pod.executor(state, replace: true).up(pod.request(second, state, digest: "d2"))
            #expect(replaced.action == .replaced && replaced.stepsUndone == 1 && replaced.stepsMade == 2)
            #expect(try pod.contents.addresses.map(\.local).contains(network("10.0.2.1/24")))
            #expect(try pod.executor(state).downAll().map(\.action) == [.undone])
            #expect(try pod.contents == before)
        }
    }

    @Test("a namespace made again at the same path is not the wired one: check says so, up drops the old journal, down of a gone namespace only deletes it")
    func namespaceMadeAgain() throws {
        let plan = handPlan("vm", [.createBridge(name: "k6t-eth0", macAddress: nil, mtu: nil)])
        try StateFolder.with { state in
            let pod = try EmbeddedPod([.eth0()])
            let fresh = try pod.contents
            #expect(try pod.executor(state).up(pod.request(plan, state)).action == .applied)
            pod.host.add(pod.namespace, fresh)
            #expect(try pod.executor(state).check(VMReference(plan)) == [
                "the network namespace pod is not the one VM default/vm was wired into: it was made again since",
            ])
            #expect(try pod.executor(state).up(pod.request(plan, state)).action == .applied)
            #expect(try pod.contents.link("k6t-eth0") != nil)
            pod.host.remove(pod.namespace)
            #expect(try pod.executor(state).down(VMReference(plan)).action == .namespaceGone)
            #expect(state.journals.isEmpty)
            #expect(try pod.executor(state).down(VMReference(plan)).action == .nothingToUndo)
        }
    }

    @Test("plans from the journaled facts once wired, from the namespace before")
    func factsFromTheJournal() throws {
        try StateFolder.with { state in
            let pod = try EmbeddedPod([.eth0(ipv6: true), .secondary("net1", subnet: 250)])
            let reader = PodFactsReader(stateDirectory: state.directory, host: pod.host)
            let plan = handPlan("wired", [
                .setLinkState(link: "eth0", up: false),
                .removeAddress(link: "eth0", address: network("10.244.0.5/24")),
            ])
            let facts = try reader.facts(of: VMReference(plan), in: pod.namespace)
            #expect(facts.interfaces.map(\.name) == ["eth0", "net1"])
            let eth0 = try #require(facts.interface(named: "eth0"))
            #expect(eth0.addresses == [network("10.244.0.5/24"), network("fd00:10:244::5/64")])
            #expect(eth0.routes.filter { !$0.isIPv6 } == [
                PodRoute(destination: nil, gateway: IPAddress("10.244.0.1")),
                PodRoute(destination: network("10.244.0.0/24")),
                PodRoute(destination: network("192.168.7.0/24"), gateway: IPAddress("10.244.0.1")),
            ])
            #expect(facts.interface(named: "net1")?.routes == [PodRoute(destination: network("10.250.0.0/24"))])
            let before = try pod.contents
            _ = try pod.executor(state).up(pod.request(plan, state))
            #expect(try reader.currentFacts(in: pod.namespace).interface(named: "eth0")?.addresses.isEmpty == true)
            #expect(try reader.currentFacts(in: pod.namespace).interface(named: "eth0")?.routes.isEmpty == true)
            #expect(try reader.facts(of: VMReference(plan), in: pod.namespace) == facts)
            _ = try pod.executor(state).down(VMReference(plan))
            #expect(try pod.contents == before)
        }
    }
}
