import Foundation
import Glibc
import VMNetTestKit

/// Real DHCP clients run in a guest namespace with their own script, which records the environment it is given.
///
/// The scripts only write a file, so the clients never touch the guest's addresses, routes or `resolv.conf`.
enum DHCPClient {
    /// Runs busybox `udhcpc` once on the guest's `eth0`, also requesting each of `requesting` (`-O`, a name or a
    /// code); returns the script's environment for `bound`, or `nil`. Unknown options arrive as `opt<code>` in hex.
    static func udhcpc(in guest: String, tries: Int = 3, requesting: [String] = []) throws -> [String: String]? {
        try withScratch { folder in
            let script = try writeScript(in: folder)
            let arguments = [
                "netns", "exec", guest, "/usr/sbin/udhcpc", "-i", "eth0", "-f", "-q", "-n",
                "-t", "\(tries)", "-T", "1", "-A", "1", "-s", script,
                "-O", "staticroutes", "-O", "search", "-O", "tftp", "-O", "bootfile", "-O", "mtu", "-O", "lease",
            ] + requesting.flatMap { ["-O", $0] }
            let result = try runCommand("/usr/sbin/ip", arguments, timeout: .seconds(tries * 2 + 10))
            return try environment(in: folder, where: { $0["event"] == "bound" }) ?? {
                guard result.status != 0 else { throw CommandFailure(command: "udhcpc", output: result.stdout + result.stderr) }
                return nil
            }()
        }
    }

    /// Runs ISC `dhclient` once (`-1`) on the guest's `eth0`, for DHCPv4 or DHCPv6; returns the script's
    /// environment for BOUND/BOUND6, or `nil`. `declaring` adds lines to its configuration (`option …`, `also
    /// request …`).
    static func dhclient(in guest: String, ipv6: Bool = false, declaring: [String] = []) throws -> [String: String]? {
        try withScratch { folder in
            let script = try writeScript(in: folder)
            let configuration = folder + "/dhclient.conf"
            try """
            option rfc3442-classless-static-routes code 121 = array of unsigned integer 8;
            timeout 20;
            initial-interval 1;
            request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers, domain-search,
                host-name, interface-mtu, rfc3442-classless-static-routes, tftp-server-name, bootfile-name,
                dhcp6.name-servers;
            \(declaring.joined(separator: "\n"))

            """.write(toFile: configuration, atomically: true, encoding: .utf8)
            // In the foreground (-d) dhclient stays after binding; it is ended as soon as the script saw the lease.
            let reason = ipv6 ? "BOUND6" : "BOUND"
            let arguments = [
                "netns", "exec", guest, "/usr/sbin/dhclient", ipv6 ? "-6" : "-4", "-1", "-d", "-v", "-sf", script,
                "-lf", folder + "/leases", "-pf", folder + "/dhclient.pid", "-cf", configuration, "eth0",
            ]
            let result = try runCommand("/usr/sbin/ip", arguments, timeout: .seconds(40)) {
                (try? environment(in: folder, where: { $0["reason"] == reason })) != nil
            }
            let bound = try environment(in: folder, where: { $0["reason"] == reason })
            if bound == nil, !result.timedOut, result.status == 0 {
                throw CommandFailure(command: "dhclient", output: result.stdout + result.stderr)
            }
            return bound
        }
    }

    private static func withScratch<T>(_ body: (String) throws -> T) throws -> T {
        let folder = "/tmp/vmnet-dhcp-client-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try body(folder)
    }

    /// Writes the recording script (through a close-on-exec descriptor, see `writeExecutable`).
    private static func writeScript(in folder: String) throws -> String {
        let path = folder + "/record.sh"
        try writeExecutable("""
            #!/bin/sh
            { echo "event=$1"; env; echo "--"; } >> \(folder)/environment
            exit 0

            """, to: path, mode: 0o700)
        return path
    }

    /// The first recorded environment that satisfies `accept`.
    private static func environment(in folder: String, where accept: ([String: String]) -> Bool) throws -> [String: String]? {
        guard let text = try? String(contentsOfFile: folder + "/environment", encoding: .utf8) else { return nil }
        var blocks: [[String: String]] = [[:]]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "--" {
                blocks.append([:])
            } else if let equals = line.firstIndex(of: "=") {
                blocks[blocks.count - 1][String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
        }
        return blocks.first(where: accept)
    }
}
