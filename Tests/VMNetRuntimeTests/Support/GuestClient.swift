import Foundation
import Glibc

/// A "guest" namespace on a pod's bridge, and busybox udhcpc in it with a script that records the lease and
/// configures nothing.
enum GuestClient {
    /// Adds a veth whose pod end `guest0` is a port of `bridge` in the namespace `pod` and whose other end is the
    /// guest's `eth0`, up.
    static func attach(_ guest: TestNamespace, to bridge: String, in pod: String) throws {
        for command in [
            ["ip", "-n", pod, "link", "add", "guest0", "type", "veth", "peer", "name", "eth0", "netns", guest.name],
            ["ip", "-n", pod, "link", "set", "guest0", "master", bridge, "up"],
            ["ip", "-n", guest.name, "link", "set", "eth0", "up"],
        ] {
            let result = try run(command)
            guard result.status == 0 else { throw TestFailure("\(command): \(result.stderr)") }
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
        try "#!/bin/sh\n[ \"$1\" = bound ] && env > \(leaseFile)\nexit 0\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let client = try run(["ip", "netns", "exec", guest.name, "timeout", "20", "udhcpc", "-i", "eth0", "-n", "-q", "-f",
                              "-t", "\(tries)", "-T", "1", "-s", script] + options.flatMap { ["-O", $0] })
        guard client.status == 0 else { return nil }
        let text = try String(contentsOfFile: leaseFile, encoding: .utf8)
        return Dictionary(text.split(separator: "\n").compactMap { line in
            line.firstIndex(of: "=").map { (String(line[..<$0]), String(line[line.index(after: $0)...])) }
        }, uniquingKeysWith: { _, last in last })
    }
}
