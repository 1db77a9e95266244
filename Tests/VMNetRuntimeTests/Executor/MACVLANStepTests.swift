import Foundation
import Glibc
import Testing
import VMNetCore
import VMNetEngine
@testable import VMNetRuntime
import VMNetTestKit

@Suite("The MAC-VLAN step")
struct MACVLANStepTests {
    @Test("makes a MAC-VLAN tap on the parent with the MAC asked for and a /dev/tapN; down deletes it and restores the pod (needs root)",
          .enabled(if: getuid() == 0, "needs root"))
    func upAndDown() throws {
        let plan = try TestPlan.make("macvlan", [("default", [
            .setLinkState(link: "eth0", up: false),
            .setMACAddress(link: "eth0", macAddress: "02:11:22:33:44:55"),
            .setLinkState(link: "eth0", up: true),
            .createMACVLAN(name: "tap0", parent: "eth0", macAddress: "0a:58:0a:f4:00:05", characterDevice: true),
            .setLinkState(link: "tap0", up: true),
        ])])
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let before = try NamespaceSnapshot(pod)
                let executor = Executor(
                    namespace: NetworkNamespace(name: pod.name), drivers: DriverSet(bindings: [], backends: []),
                    options: Executor.Options(stateDirectory: StateDirectory(path: state.path)))
                let facts = try PodFactsReader(stateDirectory: StateDirectory(path: state.path))
                    .facts(of: VMReference(plan), in: NetworkNamespace(name: pod.name))
                let outcome = try executor.up(ApplyRequest(vm: VMReference(plan), manifestDigest: "d1", facts: facts, plan: plan))
                #expect(outcome.stepsMade == 5)
                let shown = try #require(try ipJSON(pod.name, "-d", "link", "show", "tap0").first)
                let info = shown["linkinfo"] as? [String: Any]
                #expect(info?["info_kind"] as? String == "macvtap")
                #expect(shown["address"] as? String == "0a:58:0a:f4:00:05")
                #expect(shown["link"] as? String == "eth0")
                let index = try #require(shown["ifindex"] as? Int)
                #expect(FileManager.default.fileExists(atPath: "/dev/tap\(index)"), "the kernel's character device")
                #expect(try executor.check(VMReference(plan)) == [])
                let down = try executor.down(VMReference(plan))
                #expect(down.stepsUndone == 5)
                #expect(try before.awaitMatch(pod) == before)
            }
        }
    }

    @Test("refuses a missing parent with the kernel's reason and leaves nothing (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func missingParent() throws {
        try TestNamespace.with { namespace in
            let error = try namespace.thread.run { () throws -> NetlinkError? in
                do throws(NetlinkError) {
                    try RouteSocket().createMACVLAN(
                        named: "mv0", on: "nowhere0", mac: MACAddress(octets: [2, 0, 0, 0, 0, 1]), characterDevice: false)
                    return nil
                } catch {
                    return error
                }
            }
            #expect(error?.isMissing == true, "\(String(describing: error))")
            #expect(error?.operation == "create MAC-VLAN mv0 on nowhere0")
        }
    }
}
