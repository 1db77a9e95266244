import Foundation
import Glibc
import Testing
import VMNetSystem
import VMNetTestKit

@Suite("vmnet serve and vmnet up --serve: DHCP from the small vmnet-dhcpd process", .serialized)
struct ServeCommandTests {
    private static let daemon = URL(fileURLWithPath: VMNetBinary.path).deletingLastPathComponent()
        .appendingPathComponent("vmnet-dhcpd").path

    @Test("up --serve wires, serves a real client from vmnet-dhcpd, and unwires on SIGTERM (needs root)",
          .enabled(if: getuid() == 0, "namespaces need root"))
    func upServeDown() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let before = try NamespaceSnapshot(pod)
                let vmnet = try Background(VMNetBinary.path, [
                    "up", "--serve", "--netns", pod.name, "--state-dir", state.path, "--resolv-conf", try resolvConf(),
                    VMNetBinary.fixture("spec/pod-masquerade.yaml"),
                ])
                try vmnet.awaitOutput("serving DHCP in network namespace \(pod.name)")
                #expect(vmnet.output.contains("serving 10.0.2.2/24 on k6t-eth0 from 10.0.2.1 to any client (VM default/pod-masquerade, interface default)"), "\(vmnet.output)")

                // The server is a child of vmnet, another program, that maps neither libvirt nor all of Foundation.
                let children = try String(contentsOfFile: "/proc/\(vmnet.pid)/task/\(vmnet.pid)/children", encoding: .utf8)
                let server = try #require(children.split(separator: " ").first.flatMap { pid_t($0) })
                #expect(try Self.executable(of: server) == Self.daemon)
                try Self.expectSmall(server)

                let lease = try GuestClient.lease(from: pod, asking: ["hostname"])
                #expect(lease["ip"] == "10.0.2.2")
                #expect(lease["router"] == "10.0.2.1")
                #expect(lease["dns"] == "10.96.0.10")
                #expect(lease["hostname"] == "pod-masquerade")
                try vmnet.awaitOutput("lease 10.0.2.2 to ")

                kill(vmnet.pid, SIGTERM)
                #expect(vmnet.wait() == 0, "\(vmnet.errors)")
                #expect(vmnet.output.contains("stopped by SIGTERM: 1 lease(s) granted"), "\(vmnet.output)")
                #expect(vmnet.output.contains("VM default/pod-masquerade: unwired, 9 steps undone"), "\(vmnet.output)")
                #expect(kill(server, 0) != 0, "the server ended with vmnet")
                #expect(state.journals.isEmpty)
                let after = try NamespaceSnapshot(pod)
                #expect(after == before, "\(after.summary(from: before))")
            }
        }
    }

    @Test("serve becomes vmnet-dhcpd, which serves from the journals and stops on SIGINT (needs root)",
          .enabled(if: getuid() == 0, "namespaces need root"))
    func serveExecsTheDaemon() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let target = ["--netns", pod.name, "--state-dir", state.path]
                let up = try VMNetBinary.run(["up"] + target + [VMNetBinary.fixture("spec/pod-masquerade.yaml")])
                #expect(up.status == 0, "\(up.stderr)")
                defer { _ = try? VMNetBinary.run(["down"] + target) }

                let serve = try Background(VMNetBinary.path, ["serve"] + target + ["--resolv-conf", try resolvConf()])
                try serve.awaitOutput("serving DHCP in network namespace \(pod.name)")
                #expect(try Self.executable(of: serve.pid) == Self.daemon)
                try Self.expectSmall(serve.pid)
                #expect(try GuestClient.lease(from: pod)["ip"] == "10.0.2.2")
                kill(serve.pid, SIGINT)
                #expect(serve.wait() == 0, "\(serve.errors)")
                #expect(serve.output.contains("stopped by SIGINT: 1 lease(s) granted"), "\(serve.output)")
            }
        }
    }

    @Test("serve says which interface it cannot serve, and up --serve then unwires and fails (needs root)",
          .enabled(if: getuid() == 0, "namespaces need root"))
    func serverFailsToStart() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let before = try NamespaceSnapshot(pod)
                // Another server holds the DHCP port on every interface of the pod.
                let squatter = try Self.bindUDP(67, in: pod.name)
                defer { close(squatter) }
                let up = try VMNetBinary.run([
                    "up", "--serve", "--netns", pod.name, "--state-dir", state.path, "--resolv-conf", try resolvConf(),
                    VMNetBinary.fixture("spec/pod-masquerade.yaml"),
                ])
                #expect(up.status == 2)
                #expect(up.stderr.contains("vmnet-dhcpd: error: cannot serve DHCP on k6t-eth0: "), "\(up.stderr)")
                #expect(up.stderr.contains("Address already in use"), "\(up.stderr)")
                #expect(up.stdout.contains("unwired, 9 steps undone"), "\(up.stdout)")
                #expect(try NamespaceSnapshot(pod) == before)
            }
        }
    }

    @Test("vmnet-dhcpd refuses a missing or broken plan with exit 2, and serves nothing from an empty one")
    func daemonInput() throws {
        let missing = try run([Self.daemon, "--plan", "/nonexistent/plan.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("vmnet-dhcpd: error: cannot read the serving plan /nonexistent/plan.json: No such file or directory"), "\(missing.stderr)")
        let usage = try run([Self.daemon])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("give the serving plan with --plan FILE"), "\(usage.stderr)")
        #expect(try run([Self.daemon, "--help"]).stdout.contains("USAGE: vmnet-dhcpd --plan <file>"))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vmnet-dhcpd-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("broken.json").path
        try #"{"namespacePath": "/run/netns/x", "guests": []}"#.write(toFile: broken, atomically: true, encoding: .utf8)
        let invalid = try run([Self.daemon, "--plan", broken])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("the serving plan \(broken) is not valid"), "\(invalid.stderr)")
        #expect(invalid.stderr.contains("namespaceDescription"), "\(invalid.stderr)")
        let empty = folder.appendingPathComponent("empty.json").path
        try #"{"namespacePath": "/run/netns/x", "namespaceDescription": "network namespace x", "guests": []}"#
            .write(toFile: empty, atomically: true, encoding: .utf8)
        let nothing = try run([Self.daemon, "--plan", empty])
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("no interface wired in network namespace x serves DHCP"), "\(nothing.stderr)")
    }

    /// A resolv.conf for the guest's DNS, in a file that lives as long as the test process.
    private func resolvConf() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vmnet-serve-resolv-\(getpid()).conf").path
        try "nameserver 10.96.0.10\nsearch cluster.local\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A UDP socket bound to `0.0.0.0:port` inside the namespace `namespace`.
    private static func bindUDP(_ port: UInt16, in namespace: String) throws -> Int32 {
        let thread = try NamespaceThread(name: namespace)
        defer { thread.stop() }
        return try thread.run {
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard fd >= 0, rc == 0 else { throw TestFailure("bind UDP \(port) in \(namespace): errno \(errno)") }
            return fd
        }
    }

    /// The program a process runs.
    private static func executable(of pid: pid_t) throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")
    }

    /// Expects `pid` to map the DHCP servers' few libraries only: what keeps it near 10 MiB instead of vmnet's 34.
    private static func expectSmall(_ pid: pid_t) throws {
        let maps = try String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)
        #expect(!maps.contains("libvirt"))
        #expect(!maps.contains("/libFoundation.so"))
        #expect(!maps.contains("libVMNetBinding"))
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let rss = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        print("vmnet-dhcpd \(pid): \(rss ?? "VmRSS unknown")")
    }
}
