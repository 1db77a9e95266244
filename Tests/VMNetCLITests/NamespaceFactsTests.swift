import Foundation
import Glibc
import Testing

@Suite("plan and domain with --netns read the pod's own interfaces", .serialized)
struct NamespaceFactsTests {
    @Test("plan --netns plans from the namespace; domain --netns of a wired VM keeps the MAC recorded before wiring (needs root)",
          .enabled(if: getuid() == 0, "network namespaces need root"))
    func factsFromNamespace() throws {
        let name = "vmnet-cli-\(getpid())"
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("vmnet-cli-state-\(getpid())").path
        let ip = { (arguments: [String]) throws in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
            process.arguments = arguments
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "ip \(arguments.joined(separator: " "))")
        }
        try ip(["netns", "add", name])
        defer {
            _ = try? run(["down", "--netns", name, "--state-dir", state])
            try? ip(["netns", "del", name])
            try? FileManager.default.removeItem(atPath: state)
        }
        try ip(["-n", name, "link", "add", "eth0", "type", "veth", "peer", "name", "node0"])
        try ip(["-n", name, "link", "set", "eth0", "address", "0a:58:0a:f4:07:09", "mtu", "1450", "up"])
        try ip(["-n", name, "addr", "add", "10.244.7.9/24", "dev", "eth0"])
        try ip(["-n", name, "route", "add", "default", "via", "10.244.7.1"])
        let manifest = fixtures.appendingPathComponent("spec/multiqueue.yaml").path

        let plan = try run(["plan", "--netns", name, "--state-dir", state, manifest])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("3. remove address 10.244.7.9/24 from eth0"))
        #expect(plan.stdout.contains("lease 10.244.7.9/24, to 0a:58:0a:f4:07:09 only, router 10.244.7.1"))
        #expect(plan.stdout.contains("mtu 1450"))

        let up = try run(["up", "--netns", name, "--state-dir", state, manifest])
        #expect(up.status == 0, "\(up.stderr)")
        let domain = try run(["domain", "--devices-only", "--netns", name, "--state-dir", state, manifest])
        #expect(domain.status == 0, "\(domain.stderr)")
        #expect(domain.stdout.contains("<mac address='0a:58:0a:f4:07:09'/>"), "the guest gets the pod's original MAC, not the wired one")
        #expect(domain.stdout.contains("<mtu size='1450'/>"))
    }
}
