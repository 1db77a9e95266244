import Testing
import VMNetCore
import VMNetEmbeddedHost
import VMNetRuntime

/// A pod namespace as a CNI leaves it, made in an embedded host: the interfaces `TestPod` of the root tests makes
/// with `ip`, as veths with their addresses and routes.
struct EmbeddedPod {
    /// One pod interface, its addresses and routes.
    struct Interface: Sendable {
        var name: String
        var mac: String
        var ipv4: String?
        var ipv6: String?
        var isDefault: Bool
        var mtu: Int

        static func eth0(ipv6: Bool = false) -> Interface {
            Interface(
                name: "eth0", mac: "0a:58:0a:f4:00:05", ipv4: "10.244.0.5/24", ipv6: ipv6 ? "fd00:10:244::5/64" : nil,
                isDefault: true, mtu: 1500)
        }

        static func secondary(_ name: String, subnet: Int) -> Interface {
            Interface(name: name, mac: "0a:58:0a:\(subnet % 90 + 10):00:02", ipv4: "10.\(subnet).0.2/24", ipv6: nil, isDefault: false, mtu: 1450)
        }
    }

    /// The host the pod is in.
    let host: EmbeddedHost
    /// Its namespace.
    let namespace: NetworkNamespace

    /// A pod `name` with `interfaces`, in a new embedded host.
    init(_ interfaces: [Interface], name: String = "pod") throws {
        host = EmbeddedHost()
        namespace = NetworkNamespace(name: name)
        var pod = EmbeddedNamespace()
        try pod.setLink("lo", up: true)
        for interface in interfaces {
            try pod.addLink(interface.name, kind: "veth", mac: MACAddress(parsing: interface.mac), mtu: interface.mtu)
            try pod.setLink(interface.name, up: true)
            let index = try #require(pod.link(interface.name)).index
            if let ipv4 = interface.ipv4 {
                let address = try IPNetwork(parsing: ipv4)
                try pod.addAddress(address, to: interface.name, broadcast: address.host((1 << address.hostBits) - 1))
                if interface.isDefault {
                    let gateway = address.host(1)
                    try pod.addRoute(Route(destination: .all(.ipv4), gateway: gateway, outputIndex: index))
                    try pod.addRoute(Route(
                        destination: IPNetwork(parsing: "192.168.7.0/24"), gateway: gateway, outputIndex: index, priority: 7))
                }
            }
            if let ipv6 = interface.ipv6 {
                let address = try IPNetwork(parsing: ipv6)
                try pod.addAddress(address, to: interface.name, flags: .noDAD)
                if interface.isDefault {
                    try pod.addRoute(Route(
                        destination: .all(.ipv6), gateway: address.host(1), outputIndex: index, priority: 1024))
                }
            }
        }
        host.add(namespace, pod)
    }

    /// What the pod holds now.
    var contents: EmbeddedNamespace {
        get throws { try #require(host[namespace]) }
    }
}
