import Foundation
import Glibc
import Testing
import VMNetTestKit

/// Examples whose plans cover every kind of host step: masquerade and bridge together, and IPv4 with IPv6 NAT.
private let faultExamples = [
    wiredExamples.first { $0.name == "multus-ovs" }!,
    wiredExamples.first { $0.name == "masquerade-ipv6" }!,
    wiredExamples.first { $0.name == "multus-default on a dual-stack pod" }!,
]

/// Every (example, step) pair, on both NAT backends for the examples with masquerade.
private let faultCases: [FaultCase] = faultExamples.flatMap { example in
    let masquerades = example.wirings.contains { if case .masquerade = $0 { true } else { false } }
    return (masquerades ? TestNATBackend.allCases : [.nftables]).flatMap { backend in
        (1...example.steps).map { FaultCase(example: example, backend: backend, step: $0) }
    }
}

struct FaultCase: CustomTestStringConvertible, Sendable {
    var example: WiredExample
    var backend: TestNATBackend
    var step: Int
    var arguments: [String] { backend.flags + example.arguments }
    var testDescription: String { "\(example.name) (\(backend)), step \(step) of \(example.steps)" }
}

/// Whether vmnet has its test hooks: it is built with the same configuration as this test target.
#if VMNET_TESTING
let testHooksBuilt = true
#else
let testHooksBuilt = false
#endif

@Suite(
    "vmnet up interrupted at every step",
    .enabled(if: testHooksBuilt, "vmnet reads VMNET_FAIL_AT_STEP and VMNET_PAUSE_* only in a debug build (VMNET_TESTING)"))
struct FaultInjectionTests {
    @Test(
        "a failure at step k undoes steps k-1…1 and names step k; the namespace ends as it started (needs root)",
        .enabled(if: getuid() == 0, "needs root"), arguments: faultCases)
    func failAt(_ fault: FaultCase) throws {
        try TestStateDirectory.with { state in
            try TestPod.with(fault.example.pod) { pod in
                let before = try NamespaceSnapshot(pod)
                let up = try VMNetBinary.run(
                    ["up", "--netns", pod.name, "--state-dir", state.path] + fault.arguments,
                    environment: ["VMNET_FAIL_AT_STEP": "\(fault.step)"])
                #expect(up.status == 2)
                #expect(up.stderr.contains("step \(fault.step) of \(fault.example.steps) ("), "\(up.stderr)")
                #expect(up.stderr.contains("failure injected at step \(fault.step)"), "\(up.stderr)")
                let undone = (1..<fault.step).reversed().map(String.init).joined(separator: ", ")
                #expect(up.stderr.contains(fault.step == 1 ? "nothing had been changed before it" : "undid steps \(undone)")
                    || up.stderr.contains("undid steps"), "\(up.stderr)")
                let after = try before.awaitMatch(pod)
                #expect(after == before, "\(before.difference(from: after))")
                #expect(state.journals.isEmpty)
            }
        }
    }

    @Test(
        "kill -9 of up before or after step k, then down, leaves nothing behind (needs root)",
        .enabled(if: getuid() == 0, "needs root"), arguments: faultCases)
    func killAt(_ fault: FaultCase) throws {
        for hook in ["VMNET_PAUSE_BEFORE_STEP", "VMNET_PAUSE_AFTER_STEP"] {
            try TestStateDirectory.with { state in
                try TestPod.with(fault.example.pod) { pod in
                    let before = try NamespaceSnapshot(pod)
                    let target = ["--netns", pod.name, "--state-dir", state.path]
                    let said = try VMNetBinary.runUntilPausedThenKill(
                        ["up"] + target + fault.arguments, environment: [hook: "\(fault.step)"])
                    #expect(said.contains("paused"), "\(hook): \(said)")
                    #expect(state.journals.count == 1)
                    let down = try VMNetBinary.run(["down"] + target)
                    #expect(down.status == 0, "\(hook): \(down.stderr)")
                    let after = try before.awaitMatch(pod)
                    #expect(after == before, "\(hook): \(before.difference(from: after))")
                    #expect(state.journals.isEmpty)
                }
            }
        }
    }

    @Test("up after a kill -9 halfway undoes the half-made plan and wires the VM (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func resumeAfterKill() throws {
        let example = faultExamples[0]
        try TestStateDirectory.with { state in
            try TestPod.with(example.pod) { pod in
                let before = try NamespaceSnapshot(pod)
                let target = ["--netns", pod.name, "--state-dir", state.path]
                _ = try VMNetBinary.runUntilPausedThenKill(
                    ["up"] + target + example.arguments, environment: ["VMNET_PAUSE_AFTER_STEP": "14"])
                let up = try VMNetBinary.run(["up"] + target + example.arguments)
                #expect(up.status == 0, "\(up.stderr)")
                #expect(up.stdout.contains("an earlier `vmnet up` had stopped halfway: undid its 14 steps, then 21 steps made"), "\(up.stdout)")
                let down = try VMNetBinary.run(["down"] + target + example.files.map(VMNetBinary.fixture))
                #expect(down.status == 0, "\(down.stderr)")
                let after = try before.awaitMatch(pod)
                #expect(after == before, "\(before.difference(from: after))")
            }
        }
    }
}
