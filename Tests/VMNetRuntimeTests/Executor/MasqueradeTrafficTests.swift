import Foundation
import Glibc
import Testing

/// A guest for a masquerade pod: a namespace whose `eth0` (10.0.2.2/24, default route via 10.0.2.1) is a veth
/// whose other end joins the pod's `k6t-eth0` bridge, standing in for the VM behind `tap0`.
private struct TestGuest {
    let name: String

    static func with<T>(behind pod: TestPod, _ body: (TestGuest) throws -> T) throws -> T {
        let guest = TestGuest(name: pod.name + "-vm")
        defer { _ = try? run("ip", "netns", "del", guest.name) }
        try pod.ip("netns", "add", guest.name)
        try pod.ip("-n", pod.name, "link", "add", "vm-port", "type", "veth", "peer", "name", "eth0", "netns", guest.name)
        try pod.ip("-n", pod.name, "link", "set", "vm-port", "master", "k6t-eth0", "up")
        try pod.ip("-n", guest.name, "link", "set", "lo", "up")
        try pod.ip("-n", guest.name, "link", "set", "eth0", "up")
        try pod.ip("-n", guest.name, "address", "add", "10.0.2.2/24", "dev", "eth0")
        try pod.ip("-n", guest.name, "route", "add", "default", "via", "10.0.2.1")
        return try body(guest)
    }
}

@Suite("Traffic through a masquerade binding")
struct MasqueradeTrafficTests {
    @Test("with port 80 listed: the guest reaches outside as the pod, port 80 reaches the guest, port 81 does not (needs root)", .enabled(if: getuid() == 0, "needs root"), arguments: TestNATBackend.allCases)
    func listedPorts(backend: TestNATBackend) throws {
        try wired("spec/masquerade-ports.yaml", backend) { pod, guest in
            let outside = try TCPProbe.listen(in: pod.outside, port: 9000)
            defer { close(outside) }
            #expect(try TCPProbe.connect(from: guest.name, to: "10.244.0.1", port: 9000))
            #expect(TCPProbe.accept(outside) == "10.244.0.5", "the guest is seen with the pod's address")

            let http = try TCPProbe.listen(in: guest.name, port: 80)
            defer { close(http) }
            #expect(try TCPProbe.connect(from: pod.outside, to: "10.244.0.5", port: 80))
            #expect(TCPProbe.accept(http) == "10.244.0.1")

            let other = try TCPProbe.listen(in: guest.name, port: 81)
            defer { close(other) }
            #expect(try !TCPProbe.connect(from: pod.outside, to: "10.244.0.5", port: 81, seconds: 1))
            #expect(TCPProbe.accept(other, seconds: 0.5) == nil)
        }
    }

    @Test("with no ports listed: every port reaches the guest (needs root)", .enabled(if: getuid() == 0, "needs root"), arguments: TestNATBackend.allCases)
    func allPorts(backend: TestNATBackend) throws {
        try wired("spec/pod-masquerade.yaml", backend) { pod, guest in
            for port: UInt16 in [22, 80, 81, 12345] {
                let listener = try TCPProbe.listen(in: guest.name, port: port)
                defer { close(listener) }
                #expect(try TCPProbe.connect(from: pod.outside, to: "10.244.0.5", port: port), "port \(port)")
                #expect(TCPProbe.accept(listener) == "10.244.0.1", "port \(port)")
            }
            let outside = try TCPProbe.listen(in: pod.outside, port: 9000)
            defer { close(outside) }
            #expect(try TCPProbe.connect(from: guest.name, to: "10.244.0.1", port: 9000))
            #expect(TCPProbe.accept(outside) == "10.244.0.5")
        }
    }

    private func wired(_ manifest: String, _ backend: TestNATBackend, _ body: (TestPod, TestGuest) throws -> Void) throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let target = ["--netns", pod.name, "--state-dir", state.path]
                let up = try VMNetBinary.run(["up"] + target + backend.flags + [VMNetBinary.fixture(manifest)])
                try #require(up.status == 0, "\(up.stderr)")
                let nftables = try pod.nftRuleset(), iptables = try pod.natTable()
                // The rules are where the backend puts them, and only there.
                #expect(backend == .nftables ? !nftables.isEmpty && iptables == emptyNATTable.map { $0.replacingOccurrences(of: " [0:0]", with: "") }
                    : nftables.isEmpty && iptables.count > emptyNATTable.count, "\(nftables) \(iptables)")
                try TestGuest.with(behind: pod) { guest in try body(pod, guest) }
                let down = try VMNetBinary.run(["down"] + target)
                #expect(down.status == 0, "\(down.stderr)")
            }
        }
    }
}
