import Foundation
import Glibc

/// A guest NIC for a bridge binding: a namespace whose `eth0`, with the guest's MAC, is a veth whose peer is a port
/// of the binding's bridge in the pod, where the VM's tap would be.
struct Guest {
    /// The guest's namespace.
    let namespace: TestNamespace

    /// Runs `body` with a guest plugged into `bridge` of `pod` with `mac`; unplugs it afterwards (the veth goes with
    /// the guest's namespace), so the pod holds nothing of it.
    static func with<T>(in pod: TestNamespace, bridge: String, mac: String, _ body: (Guest) throws -> T) throws -> T {
        try TestNamespace.with(["guest"]) { namespaces in
            let guest = namespaces[0]
            let port = "guest-port"
            try guest.ip("link", "add", "eth0", "address", mac, "type", "veth", "peer", "name", port, "netns", pod.name)
            defer { _ = try? run("/usr/sbin/ip", ["-n", pod.name, "link", "del", port]) }
            try pod.ip("link", "set", port, "master", bridge, "up")
            try guest.ip("link", "set", "eth0", "up")
            return try body(Guest(namespace: guest))
        }
    }

    /// Runs busybox `udhcpc` on `eth0` until it is bound or `tries` discovers went unanswered; returns the
    /// environment its script was given for `bound`. The script only records it, so the guest's addresses, routes
    /// and every `resolv.conf` stay as they are.
    func udhcpc(in folder: TestFolder, tries: Int = 5) throws -> [String: String]? {
        let record = "\(folder.path)/udhcpc-\(namespace.name).env"
        let script = try folder.writeExecutable(
            "#!/bin/sh\n[ \"$1\" = bound ] && env > \(record)\nexit 0\n", to: "udhcpc-\(namespace.name).sh", mode: 0o700)
        _ = try run(
            "/usr/sbin/ip",
            ["netns", "exec", namespace.name, "/usr/sbin/udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "\(tries)",
             "-T", "1", "-A", "1", "-s", script, "-p", "\(folder.path)/udhcpc-\(namespace.name).pid"])
        guard let text = try? String(contentsOfFile: record, encoding: .utf8) else { return nil }
        var environment: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            environment[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return environment
    }
}

/// `vmnet serve` running in the background until `stop()`.
final class DHCPService {
    private let process = Process()
    private let log: String

    /// Starts `vmnet serve` for the VMs wired in `pod`, with DNS from a resolv.conf in `folder`.
    init(pod: TestNamespace, state: String, folder: TestFolder) throws {
        let resolvConf = try folder.write("nameserver 10.96.0.10\nsearch default.svc.cluster.local\n", to: "resolv.conf")
        log = "\(folder.path)/serve.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.executableURL = URL(fileURLWithPath: VMNet.path)
        process.arguments = ["serve", "--netns", pod.name, "--state-dir", state, "--resolv-conf", resolvConf]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// Ends it with SIGTERM and returns what it printed.
    @discardableResult
    func stop() -> String {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        return (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    }

    deinit { stop() }
}
