import Foundation
import Glibc
import Testing
import VMNetSystem
import VMNetCore
@testable import VMNetRuntime

@Suite("RouteSocket links")
struct NetlinkLinkTests {
    @Test("creates a bridge that ip link shows and the socket lists (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func bridge() throws {
        try TestNamespace.with { namespace in
            let link = try namespace.thread.run {
                let socket = try RouteSocket()
                try socket.createBridge(named: "k6t-eth0")
                return try socket.link(named: "k6t-eth0")
            }
            let shown = try #require(try ipJSON(namespace.name, "-d", "link", "show", "k6t-eth0").first)
            #expect((shown["linkinfo"] as? [String: Any])?["info_kind"] as? String == "bridge")
            #expect(link?.kind == "bridge")
            #expect(link?.index == shown["ifindex"] as? Int)
            #expect(link?.mac?.description == shown["address"] as? String)
            #expect(link?.mtu == shown["mtu"] as? Int)
            #expect(link?.isUp == false)
            #expect(link?.masterIndex == nil)
            #expect(link?.learning == nil)
        }
    }

    @Test("refuses a second bridge of the same name with the kernel's reason (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func duplicateBridge() throws {
        try TestNamespace.with { namespace in
            let error = try namespace.thread.run { () throws -> NetlinkError? in
                let socket = try RouteSocket()
                try socket.createBridge(named: "br0")
                do throws(NetlinkError) {
                    try socket.createBridge(named: "br0")
                    return nil
                } catch {
                    return error
                }
            }
            #expect(error?.code == .exists)
            #expect(error?.operation == "create bridge br0")
            #expect(error == .refused(operation: "create bridge br0", code: .exists, reason: "Object exists"))
            #expect(error?.description.hasPrefix("create bridge br0: Object exists (") == true)
        }
    }

    @Test("reports a missing link as missing, naming the operation and the kernel's reason (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func missingLink() throws {
        try TestNamespace.with { namespace in
            let errors = try namespace.thread.run {
                let socket = try RouteSocket()
                return [
                    Result { () throws(NetlinkError) in try socket.setLink("nowhere0", up: true) },
                    Result { () throws(NetlinkError) in try socket.deleteLink(named: "nowhere0") },
                    Result { () throws(NetlinkError) in try socket.createBridge(named: "a-name-longer-than-15") },
                ].map { result -> NetlinkError? in
                    if case .failure(let error) = result { error } else { nil }
                }
            }
            #expect(errors[0] == .refused(operation: "set nowhere0 up", code: .noDevice, reason: "No such device"))
            #expect(errors[1] == .refused(operation: "delete link nowhere0", code: .noDevice, reason: "No such device"))
            #expect(errors[0]?.isMissing == true && errors[1]?.isMissing == true)
            #expect(errors[0]?.description == "set nowhere0 up: No such device (check the name with `ip -n NAMESPACE link`)")
            guard case .invalidArgument(operation: "create bridge a-name-longer-than-15", _)? = errors[2] else {
                Issue.record("expected an invalid-argument error, got \(String(describing: errors[2]))")
                return
            }
        }
    }

    @Test("creates a veth pair whose ends both appear as veth (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func vethPair() throws {
        try TestNamespace.with { namespace in
            let links = try namespace.thread.run {
                let socket = try RouteSocket()
                try socket.createVethPair(named: "veth-a", peer: "veth-b")
                return try socket.links()
            }
            let shown = try ipJSON(namespace.name, "-d", "link", "show", "type", "veth")
            #expect(Set(shown.compactMap { $0["ifname"] as? String }) == ["veth-a", "veth-b"])
            #expect(links.filter { $0.kind == "veth" }.map(\.name).sorted() == ["veth-a", "veth-b"])
            #expect(links.first?.name == "lo")
        }
    }

    @Test("deletes a link (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func deleteLink() throws {
        try TestNamespace.with { namespace in
            try namespace.thread.run {
                let socket = try RouteSocket()
                try socket.createBridge(named: "br-gone")
                try socket.deleteLink(named: "br-gone")
            }
            #expect(try ipJSON(namespace.name, "link").compactMap { $0["ifname"] as? String } == ["lo"])
        }
    }

    @Test("renames a link, sets its MAC, MTU and state (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func modify() throws {
        try TestNamespace.with { namespace in
            let mac = mac("02:00:00:00:00:00")
            let link = try namespace.thread.run {
                let socket = try RouteSocket()
                try socket.createVethPair(named: "eth0", peer: "peer0")
                try socket.renameLink("eth0", to: "eth0-nic")
                try socket.setMAC(mac, ofLink: "eth0-nic")
                try socket.setMTU(1400, ofLink: "eth0-nic")
                try socket.setLink("eth0-nic", up: true)
                return try socket.link(named: "eth0-nic")
            }
            let shown = try #require(try ipJSON(namespace.name, "link", "show", "eth0-nic").first)
            #expect(shown["address"] as? String == "02:00:00:00:00:00")
            #expect(shown["mtu"] as? Int == 1400)
            #expect((shown["flags"] as? [String])?.contains("UP") == true)
            #expect(link?.mac == mac)
            #expect(link?.mtu == 1400)
            #expect(link?.isUp == true)

            try namespace.thread.run { try RouteSocket().setLink("eth0-nic", up: false) }
            let down = try #require(try ipJSON(namespace.name, "link", "show", "eth0-nic").first)
            #expect((down["flags"] as? [String])?.contains("UP") == false)
        }
    }

    @Test("enslaves a port to a bridge, turns learning off and on, and frees it (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func masterAndLearning() throws {
        try TestNamespace.with { namespace in
            func port() throws -> [String: Any] {
                try #require(try ipJSON(namespace.name, "-d", "link", "show", "port0").first)
            }
            func slaveData() throws -> [String: Any]? {
                (try port()["linkinfo"] as? [String: Any])?["info_slave_data"] as? [String: Any]
            }
            let socket = try namespace.thread.run { try RouteSocket() }
            let (bridge, learningOff) = try namespace.thread.run {
                try socket.createBridge(named: "k6t-eth0")
                try socket.createVethPair(named: "port0", peer: "peer0")
                try socket.setMaster("k6t-eth0", ofLink: "port0")
                try socket.setLearning(false, ofPort: "port0")
                return (try socket.link(named: "k6t-eth0"), try socket.link(named: "port0"))
            }
            #expect(try port()["master"] as? String == "k6t-eth0")
            #expect(try slaveData()?["learning"] as? Bool == false)
            #expect(learningOff?.masterIndex == bridge?.index)
            #expect(learningOff?.learning == false)

            let learningOn = try namespace.thread.run {
                try socket.setLearning(true, ofPort: "port0")
                return try socket.link(named: "port0")
            }
            #expect(try slaveData()?["learning"] as? Bool == true)
            #expect(learningOn?.learning == true)

            let freed = try namespace.thread.run {
                try socket.setMaster(nil, ofLink: "port0")
                return try socket.link(named: "port0")
            }
            #expect(try port()["master"] == nil)
            #expect(freed?.masterIndex == nil)
            #expect(freed?.learning == nil)
        }
    }
}
