import Foundation
import Glibc
import Testing
import VMNetTestKit

/// Several `vmnet` processes in one namespace at once: the namespace's lock (`flock` on `STATE/NAME.lock`) lets one
/// work while the others wait, the kernel releases it when its holder dies, and the journal always says what the
/// namespace holds.
@Suite("Concurrent up and down in one namespace", .serialized)
struct ConcurrencyTests {
    private let manifest = VMNetBinary.fixture("spec/pod-masquerade.yaml")

    @Test("two ups of one VM at once: one wires it, the other then finds it wired; ten times (needs root)",
          .enabled(if: getuid() == 0, "needs root"))
    func twoUps() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let before = try NamespaceSnapshot(pod)
                let wired = try wiredSnapshot(pod, state: state)
                let target = ["--netns", pod.name, "--state-dir", state.path]
                for round in 1...10 {
                    let results = try Self.atOnce([["up"] + target + [manifest], ["up"] + target + [manifest]])
                    #expect(results.allSatisfy { $0.status == 0 }, "round \(round): \(results.map(\.stderr))")
                    let outputs = results.map(\.stdout)
                    #expect(outputs.filter { $0.contains("wired into the network namespace \(pod.name): 9 steps made") }.count == 1, "round \(round): \(outputs)")
                    #expect(outputs.filter { $0.contains("already wired into the network namespace \(pod.name) from the same manifests") }.count == 1, "round \(round): \(outputs)")
                    #expect(state.journals.count == 1)
                    #expect(try Wired(pod) == wired, "round \(round)")
                    let down = try VMNetBinary.run(["down"] + target)
                    #expect(down.status == 0, "\(down.stderr)")
                    let after = try before.awaitMatch(pod)
                    #expect(after == before, "round \(round): \(before.difference(from: after))")
                }
            }
        }
    }

    @Test("an up and a down at once: whichever wins, the journal and the namespace agree; twenty times (needs root)",
          .enabled(if: getuid() == 0, "needs root"))
    func upRacingDown() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let before = try NamespaceSnapshot(pod)
                let wired = try wiredSnapshot(pod, state: state)
                let target = ["--netns", pod.name, "--state-dir", state.path]
                var outcomes: Set<String> = []
                for round in 1...20 {
                    // Odd rounds race an up against the down of a wired VM, even rounds an up against a down of nothing.
                    if round % 2 == 1 { try #require(try VMNetBinary.run(["up"] + target + [manifest]).status == 0) }
                    // The down starts 0 to 300 ms after the up, so that either takes the lock first.
                    let results = try Self.atOnce([["up"] + target + [manifest], ["down"] + target], stagger: useconds_t(round % 4) * 100_000)
                    #expect(results.allSatisfy { $0.status == 0 }, "round \(round): \(results.map(\.stderr))")
                    if state.journals.isEmpty {
                        let after = try before.awaitMatch(pod)
                        #expect(after == before, "round \(round): no journal, yet \(before.difference(from: after))")
                        outcomes.insert("down last")
                    } else {
                        #expect(state.journals.count == 1)
                        #expect(try Wired(pod) == wired, "round \(round): a journal, yet the VM is not wired as it says")
                        outcomes.insert("up last")
                    }
                    _ = try VMNetBinary.run(["down"] + target)
                }
                // Which order happens depends on the machine's load; the journal and the namespace agree in both.
                print("up racing down, 20 rounds: \(outcomes.sorted())")
            }
        }
    }

    @Test("an up waits while another holds the namespace, and takes the lock over when that one is killed (needs root)",
          .enabled(if: getuid() == 0 && testHooksBuilt, "needs root and a debug build's test hooks"))
    func staleLockTakenOver() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let before = try NamespaceSnapshot(pod)
                let target = ["--netns", pod.name, "--state-dir", state.path]
                let holder = try Background(VMNetBinary.path, ["up"] + target + [manifest], environment: ["VMNET_PAUSE_AFTER_STEP": "3"])
                try holder.awaitErrors("paused")
                let waiter = try Background(VMNetBinary.path, ["up"] + target + [manifest])
                usleep(1_500_000)
                #expect(waiter.isRunning, "the second up waits for the lock: \(waiter.output) \(waiter.errors)")
                #expect(try String(contentsOfFile: state.path + "/" + state.journals[0], encoding: .utf8).contains(#""phase":"applying""#))

                kill(holder.pid, SIGKILL)
                #expect(holder.wait() == SIGKILL)
                #expect(waiter.wait() == 0, "\(waiter.errors)")
                #expect(waiter.output.contains("an earlier `vmnet up` had stopped halfway: undid its 3 steps, then 9 steps made"), "\(waiter.output)")
                #expect(state.journals.count == 1)

                let down = try VMNetBinary.run(["down"] + target)
                #expect(down.status == 0, "\(down.stderr)")
                let after = try before.awaitMatch(pod)
                #expect(after == before, "\(before.difference(from: after))")
                #expect(try FileManager.default.contentsOfDirectory(atPath: state.path).isEmpty, "no folder or lock file is left")
            }
        }
    }

    @Test("a down waits for an up that holds the namespace, then undoes what it left when it was killed (needs root)",
          .enabled(if: getuid() == 0 && testHooksBuilt, "needs root and a debug build's test hooks"))
    func downWaitsForUp() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let before = try NamespaceSnapshot(pod)
                let target = ["--netns", pod.name, "--state-dir", state.path]
                let holder = try Background(VMNetBinary.path, ["up"] + target + [manifest], environment: ["VMNET_PAUSE_BEFORE_STEP": "6"])
                try holder.awaitErrors("paused")
                let down = try Background(VMNetBinary.path, ["down"] + target)
                usleep(1_500_000)
                #expect(down.isRunning, "down waits for the lock: \(down.output) \(down.errors)")
                kill(holder.pid, SIGKILL)
                #expect(holder.wait() == SIGKILL)
                #expect(down.wait() == 0, "\(down.errors)")
                #expect(down.output.contains("6 steps undone"), "\(down.output)")
                #expect(state.journals.isEmpty)
                let after = try before.awaitMatch(pod)
                #expect(after == before, "\(before.difference(from: after))")
            }
        }
    }

    /// The pod wired once, taken, and unwired.
    private func wiredSnapshot(_ pod: TestPod, state: TestStateDirectory) throws -> Wired {
        let target = ["--netns", pod.name, "--state-dir", state.path]
        let up = try VMNetBinary.run(["up"] + target + [manifest])
        try #require(up.status == 0, "\(up.stderr)")
        let wired = try Wired(pod)
        try #require(try VMNetBinary.run(["down"] + target).status == 0)
        return wired
    }

    /// Starts every command at once (`stagger` µs apart) and waits for all.
    private static func atOnce(_ commands: [[String]], stagger: useconds_t = 0) throws -> [CommandResult] {
        let running = try commands.enumerated().map { index, command in
            if index > 0, stagger > 0 { usleep(stagger) }
            return try Background(VMNetBinary.path, command)
        }
        return running.map { process in
            let status = process.wait()
            return CommandResult(status: status, stdout: process.output, stderr: process.errors)
        }
    }
}

/// A namespace snapshot without what differs from one wiring to the next: the MAC the kernel gives each new tap,
/// and the IPv6 link-local addresses and routes made from the new links' MACs.
private struct Wired: Equatable {
    var lines: [String]

    init(_ pod: TestPod) throws {
        lines = try NamespaceSnapshot(pod).lines.compactMap { line in
            if line.hasPrefix("link tap") {
                return line.replacingOccurrences(of: #"mac=\S+"#, with: "mac=?", options: .regularExpression)
            }
            if line.hasPrefix("address "), line.contains(" fe80:") { return nil }
            if line.hasPrefix("route"), line.contains("fe80:") || line.contains("ff00:") { return nil }
            return line
        }
    }
}
