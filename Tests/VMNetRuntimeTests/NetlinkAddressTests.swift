import Foundation
import Glibc
import Testing
import VMNetSystem
import VMNetCore
@testable import VMNetRuntime

@Suite("RouteSocket addresses and routes")
struct NetlinkAddressTests {
    @Test("adds and deletes IPv4 and IPv6 addresses (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func addresses() throws {
        try TestNamespace.with { namespace in
            let v4 = network("10.0.2.1/24")
            let v6 = network("fd10:0:2::1/120")
            let (index, listed) = try namespace.thread.run {
                let socket = try RouteSocket()
                try socket.createBridge(named: "k6t-eth0")
                try socket.addAddress(v4, toLink: "k6t-eth0")
                try socket.addAddress(v6, toLink: "k6t-eth0")
                return (try socket.linkIndex(named: "k6t-eth0"), try socket.addresses())
            }
            let shown = try #require(try ipJSON(namespace.name, "addr", "show", "dev", "k6t-eth0").first)
            let info = (shown["addr_info"] as? [[String: Any]]) ?? []
            let texts = Set(info.map { "\($0["local"] ?? "")/\($0["prefixlen"] ?? "") \($0["scope"] ?? "")" })
            #expect(texts.isSuperset(of: ["10.0.2.1/24 global", "fd10:0:2::1/120 global"]))
            #expect(listed.contains(InterfaceAddress(linkIndex: index, local: v4, scope: .universe)))
            #expect(listed.contains(InterfaceAddress(linkIndex: index, local: v6, scope: .universe)))

            let (duplicate, missing) = try namespace.thread.run {
                let socket = try RouteSocket()
                let duplicate = Result { () throws(NetlinkError) in try socket.addAddress(v4, toLink: "k6t-eth0") }
                try socket.deleteAddress(v4, fromLink: "k6t-eth0")
                try socket.deleteAddress(v6, fromLink: "k6t-eth0")
                let missing = Result { () throws(NetlinkError) in try socket.deleteAddress(v4, fromLink: "k6t-eth0") }
                return (duplicate, missing)
            }
            #expect(throws: NetlinkError.refused(operation: "add address 10.0.2.1/24 to k6t-eth0", code: .exists, reason: "Object exists")) {
                try duplicate.get()
            }
            #expect { try missing.get() } throws: { ($0 as? NetlinkError)?.isMissing == true }
            let after = try #require(try ipJSON(namespace.name, "addr", "show", "dev", "k6t-eth0").first)
            let remaining = ((after["addr_info"] as? [[String: Any]]) ?? []).compactMap { $0["local"] as? String }
            #expect(!remaining.contains("10.0.2.1") && !remaining.contains("fd10:0:2::1"))
        }
    }

    @Test("adds and deletes main-table routes, default and via a gateway (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func routes() throws {
        try TestNamespace.with { namespace in
            let (index, listed) = try namespace.thread.run {
                let socket = try RouteSocket()
                try socket.createVethPair(named: "eth0", peer: "peer0")
                try socket.setLink("eth0", up: true)
                try socket.addAddress(network("10.244.0.5/24"), toLink: "eth0")
                let index = try socket.linkIndex(named: "eth0")
                try socket.addRoute(Route(destination: .all(.ipv4), gateway: IPAddress("10.244.0.1"), outputIndex: index))
                try socket.addRoute(Route(destination: network("192.168.7.0/24"), gateway: IPAddress("10.244.0.254"), outputIndex: index))
                try socket.addRoute(Route(destination: network("172.16.0.0/16"), outputIndex: index))
                try socket.addAddress(network("fd00:10::5/64"), toLink: "eth0")
                try socket.addRoute(Route(destination: network("fd00:20::/64"), gateway: IPAddress("fd00:10::1"), outputIndex: index))
                return (index, try socket.routes())
            }
            let shown = try ipJSON(namespace.name, "route", "show")
            let texts = Set(shown.map { "\($0["dst"] ?? "") \($0["gateway"] ?? "-") \($0["dev"] ?? "") \($0["scope"] ?? "global")" })
            #expect(texts == [
                "default 10.244.0.1 eth0 global",
                "192.168.7.0/24 10.244.0.254 eth0 global",
                "172.16.0.0/16 - eth0 link",
                "10.244.0.0/24 - eth0 link",
            ])
            let v4 = listed.filter { $0.family == .ipv4 }
            #expect(v4.contains(Route(destination: .all(.ipv4), gateway: IPAddress("10.244.0.1"), outputIndex: index)))
            #expect(v4.contains(Route(destination: network("172.16.0.0/16"), outputIndex: index)))
            #expect(v4.contains(Route(
                destination: network("10.244.0.0/24"), outputIndex: index, scope: .link, origin: .kernel,
                preferredSource: IPAddress("10.244.0.5"))))
            #expect(v4.first { $0.isDefault }?.gateway == IPAddress("10.244.0.1"))
            // The kernel gives IPv6 routes added without a metric the metric 1024.
            let v6Route = Route(destination: network("fd00:20::/64"), gateway: IPAddress("fd00:10::1"), outputIndex: index, priority: 1024)
            #expect(listed.contains(v6Route))
            let shown6 = try ipJSON(namespace.name, "-6", "route", "show", "fd00:20::/64")
            #expect(shown6.first?["gateway"] as? String == "fd00:10::1")
            #expect(shown6.first?["dev"] as? String == "eth0")
            try namespace.thread.run { try RouteSocket().deleteRoute(v6Route) }
            #expect(try ipJSON(namespace.name, "-6", "route", "show", "fd00:20::/64").isEmpty)

            let missing = try namespace.thread.run {
                let socket = try RouteSocket()
                try socket.deleteRoute(Route(destination: .all(.ipv4), gateway: IPAddress("10.244.0.1"), outputIndex: index))
                try socket.deleteRoute(Route(destination: network("192.168.7.0/24"), gateway: IPAddress("10.244.0.254"), outputIndex: index))
                try socket.deleteRoute(Route(destination: network("172.16.0.0/16"), outputIndex: index))
                return Result { () throws(NetlinkError) in
                    try socket.deleteRoute(Route(destination: network("172.16.0.0/16"), outputIndex: index))
                }
            }
            #expect { try missing.get() } throws: { ($0 as? NetlinkError)?.isMissing == true }
            #expect(try ipJSON(namespace.name, "route", "show").compactMap { $0["dst"] as? String } == ["10.244.0.0/24"])
        }
    }
}
