import Foundation
import Glibc
import Testing
import VMNetSystem
@testable import VMNetRuntime

@Suite("Sysctl")
struct SysctlTests {
    private func hostValue(_ key: String) throws -> String {
        try String(contentsOfFile: "/proc/sys/" + key, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("writes only the namespace's value, leaving the host's alone (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func roundTrip() throws {
        let hostBefore = try hostValue("net/ipv4/conf/all/arp_ignore")
        try TestNamespace.with { namespace in
            let (before, after) = try namespace.thread.run {
                let sysctl = try Sysctl()
                let before = try sysctl.read("net/ipv4/conf/all/arp_ignore")
                try sysctl.write("net/ipv4/conf/all/arp_ignore", before == "1" ? "2" : "1")
                return (before, try sysctl.read("net/ipv4/conf/all/arp_ignore"))
            }
            #expect(after == (before == "1" ? "2" : "1"))
            let seen = try namespace.exec("sysctl", "-n", "net.ipv4.conf.all.arp_ignore").stdout
            #expect(seen.trimmingCharacters(in: .whitespacesAndNewlines) == after)
            #expect(try hostValue("net/ipv4/conf/all/arp_ignore") == hostBefore)
        }
        #expect(try hostValue("net/ipv4/conf/all/arp_ignore") == hostBefore)
    }

    @Test("sees the namespace's own interfaces and forwarding flag (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func perInterface() throws {
        let hostForwarding = try hostValue("net/ipv4/ip_forward")
        try TestNamespace.with { namespace in
            let values = try namespace.thread.run {
                try RouteSocket().createBridge(named: "k6t-eth0")
                let sysctl = try Sysctl()
                try sysctl.write("net/ipv4/conf/k6t-eth0/route_localnet", "1")
                try sysctl.write("net/ipv4/ip_forward", hostForwarding == "1" ? "0" : "1")
                return (try sysctl.read("net/ipv4/conf/k6t-eth0/route_localnet"), try sysctl.read("net/ipv4/ip_forward"))
            }
            #expect(values.0 == "1")
            #expect(values.1 == (hostForwarding == "1" ? "0" : "1"))
            let seen = try namespace.exec("sysctl", "-n", "net.ipv4.conf.k6t-eth0.route_localnet").stdout
            #expect(seen.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
            #expect(try hostValue("net/ipv4/ip_forward") == hostForwarding)
            #expect(!FileManager.default.fileExists(atPath: "/proc/sys/net/ipv4/conf/k6t-eth0"))
        }
    }

    @Test("refuses a call from a thread outside its namespace and keys outside net/ (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func guards() throws {
        try TestNamespace.with { namespace in
            let sysctl = try namespace.thread.run { try Sysctl() }
            #expect {
                try sysctl.write("net/ipv4/ip_forward", "1")
            } throws: { error in
                guard case .wrongNamespace(key: "net/ipv4/ip_forward", let expected, _) = error as? SysctlError else { return false }
                return expected == sysctl.namespace
            }
            let errors = try namespace.thread.run {
                [
                    Result { () throws(SysctlError) in _ = try sysctl.read("kernel/hostname") },
                    Result { () throws(SysctlError) in _ = try sysctl.read("net/../kernel/hostname") },
                    Result { () throws(SysctlError) in _ = try sysctl.read("net/ipv4/conf/nowhere0/forwarding") },
                ].map { result -> SysctlError? in if case .failure(let error) = result { error } else { nil } }
            }
            #expect(errors[0] == .invalidKey("kernel/hostname"))
            #expect(errors[1] == .invalidKey("net/../kernel/hostname"))
            #expect(errors[2] == .system(operation: "open /proc/sys/net/ipv4/conf/nowhere0/forwarding", code: ENOENT))
            #expect(errors[2]?.reason == "No such file or directory")
        }
    }
}
