import Foundation
import Glibc
import VMNetTestKit

/// A "guest" namespace on a pod's bridge, and busybox udhcpc in it with a script that records the lease and
/// configures nothing.
enum GuestClient {
    /// Runs `body` with a fresh guest namespace whose `eth0` is a veth to `guest0`, a port of `bridge` in the
    /// namespace `pod`, both ends up; deletes `guest0` before the guest namespace goes.
    ///
    /// The kernel destroys a deleted namespace's links later, in a work queue of its own, so the pod's end of the
    /// veth outlives `ip netns del` for a moment (longer while other namespaces go); deleting it here, which takes the
    /// guest's end with it at once, leaves the pod as the test found it when `body` returns.
    static func attached<Result>(to bridge: String, in pod: String, _ body: (TestNamespace) throws -> Result) throws -> Result {
        try TestNamespace.with { guest in
            defer { _ = try? run(["ip", "-n", pod, "link", "del", "guest0"]) }
            for command in [
                ["ip", "-n", pod, "link", "add", "guest0", "type", "veth", "peer", "name", "eth0", "netns", guest.name],
                ["ip", "-n", pod, "link", "set", "guest0", "master", bridge, "up"],
                ["ip", "-n", guest.name, "link", "set", "eth0", "up"],
            ] {
                let result = try run(command)
                guard result.status == 0 else { throw TestFailure("\(command): \(result.stderr)") }
            }
            return try body(guest)
        }
    }

    /// The lease udhcpc gets, asking for `options` too, in a guest attached to the `k6t-eth0` of `pod` for that one
    /// request.
    static func lease(from pod: TestPod, asking options: [String] = []) throws -> [String: String] {
        try attached(to: "k6t-eth0", in: pod.name) { guest in
            guard let lease = try lease(in: guest, asking: options) else { throw TestFailure("udhcpc got no lease") }
            return lease
        }
    }

    /// Runs udhcpc on the guest's `eth0`, asking for `options` too; returns the lease's variables, or nil when no
    /// server answered `tries` DISCOVERs.
    static func lease(in guest: TestNamespace, asking options: [String] = [], tries: Int = 4) throws -> [String: String]? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vmnet-udhcpc-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("udhcpc.sh").path
        let leaseFile = folder.appendingPathComponent("lease").path
        try writeExecutable("#!/bin/sh\n[ \"$1\" = bound ] && env > \(leaseFile)\nexit 0\n", to: script)
        let client = try run(["ip", "netns", "exec", guest.name, "timeout", "20", "udhcpc", "-i", "eth0", "-n", "-q", "-f",
                              "-t", "\(tries)", "-T", "1", "-s", script] + options.flatMap { ["-O", $0] })
        guard client.status == 0 else { return nil }
        guard let text = try? String(contentsOfFile: leaseFile, encoding: .utf8) else {
            throw TestFailure("udhcpc was bound but its script recorded nothing: \(client.stderr)")
        }
        return Dictionary(text.split(separator: "\n").compactMap { line in
            line.firstIndex(of: "=").map { (String(line[..<$0]), String(line[line.index(after: $0)...])) }
        }, uniquingKeysWith: { _, last in last })
    }
}
