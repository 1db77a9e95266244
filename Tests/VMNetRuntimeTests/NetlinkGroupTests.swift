import Foundation
import Glibc
import Testing
import VMNetSystem
@testable import VMNetRuntime

@Suite("RouteSocket link groups")
struct NetlinkGroupTests {
    @Test("moves links into a group and deletes the group's links in one request, no others (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func groupDeletion() throws {
        try TestNamespace.with { namespace in
            let (grouped, remaining) = try namespace.thread.run {
                let socket = try RouteSocket()
                try socket.createBridge(named: "k6t-a")
                try socket.createTap(named: "tap-a")
                try socket.createBridge(named: "other")
                try socket.setGroup(77, ofLink: "k6t-a")
                try socket.setGroup(77, ofLink: "tap-a")
                let grouped = try socket.links().filter { $0.group == 77 }.map(\.name)
                try socket.deleteLinks(inGroup: 77)
                return (grouped, try socket.links().map(\.name))
            }
            #expect(grouped == ["k6t-a", "tap-a"])
            #expect(remaining == ["lo", "other"])
            let refused = try namespace.thread.run {
                Result { () throws(NetlinkError) in try RouteSocket().deleteLinks(inGroup: 0) }
            }
            #expect { try refused.get() } throws: { ($0 as? NetlinkError)?.description.contains("group 0 is every link's default group") == true }
        }
    }
}
