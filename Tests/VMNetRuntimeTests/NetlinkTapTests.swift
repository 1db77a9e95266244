import Foundation
import Glibc
import Testing
import VMNetSystem
@testable import VMNetRuntime

@Suite("RouteSocket taps")
struct NetlinkTapTests {
    private func tunData(_ namespace: TestNamespace, _ name: String) throws -> [String: Any] {
        let shown = try #require(try ipJSON(namespace.name, "-d", "link", "show", name).first)
        let info = try #require(shown["linkinfo"] as? [String: Any])
        #expect(info["info_kind"] as? String == "tun")
        return try #require(info["info_data"] as? [String: Any])
    }

    @Test("creates a persistent two-queue tap owned by the VM's user (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func multiQueue() throws {
        try TestNamespace.with { namespace in
            let link = try namespace.thread.run {
                let socket = try RouteSocket()
                try socket.createTap(named: "tap0", queues: 2, owner: 107, group: 107)
                return try socket.link(named: "tap0")
            }
            let data = try tunData(namespace, "tap0")
            #expect(data["type"] as? String == "tap")
            #expect(data["pi"] as? Bool == false)
            #expect(data["vnet_hdr"] as? Bool == true)
            #expect(data["multi_queue"] as? Bool == true)
            #expect(data["persist"] as? Bool == true)
            // ip prints the user and group by name when the host knows one.
            let user = getpwuid(107).map { String(cString: $0.pointee.pw_name) } ?? "107"
            let group = getgrgid(107).map { String(cString: $0.pointee.gr_name) } ?? "107"
            #expect("\(data["user"] ?? "")" == user)
            #expect("\(data["group"] ?? "")" == group)
            #expect(link?.kind == "tun")
        }
    }

    @Test("creates a single-queue tap without IFF_MULTI_QUEUE (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func singleQueue() throws {
        try TestNamespace.with { namespace in
            try namespace.thread.run { try RouteSocket().createTap(named: "tap1", queues: 1, owner: 0, group: 0) }
            let data = try tunData(namespace, "tap1")
            #expect(data["multi_queue"] as? Bool == false)
            #expect(data["vnet_hdr"] as? Bool == true)
            #expect(data["persist"] as? Bool == true)
        }
    }

    @Test("refuses to create a tap from a thread outside the socket's namespace (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func wrongThread() throws {
        try TestNamespace.with { namespace in
            let socket = try namespace.thread.run { try RouteSocket() }
            let name = "vmtap\(getpid() % 100000)"
            #expect {
                try socket.createTap(named: name)
            } throws: { error in
                guard case .wrongNamespace(let operation, let expected, _) = error as? NetlinkError else { return false }
                return operation == "create tap \(name)" && expected == socket.namespace
            }
            #expect(try run("ip", "link", "show", name).status != 0)
        }
    }
}
