import VMNetCore
/// A documented example pod for dry runs without a namespace: `eth0` 10.244.0.5/24 via 10.244.0.1 (and
/// fd00:10:244::5/64 when asked), MTU 1500, plus `net1`…`net4` and `eth1`…`eth3` secondaries on 10.250.<n>.0/24,
/// and a virtual function 0000:81:10.<n> for each network named in `hostDeviceNetworks`, so every spec example plans.
public enum IllustrativePod {
    /// The facts, with `withIPv6` adding a global IPv6 address and default route on `eth0`.
    public static func facts(withIPv6: Bool = false, hostDeviceNetworks: [String] = []) -> PodFacts {
        var eth0 = PodInterface(
            name: "eth0", macAddress: "0a:58:0a:f4:00:05", mtu: 1500,
            addresses: [try! IPNetwork(parsing: "10.244.0.5/24")],
            routes: [
                PodRoute(destination: nil, gateway: IPAddress("10.244.0.1")),
                PodRoute(destination: try! IPNetwork(parsing: "10.244.0.0/24"), gateway: nil),
            ])
        if withIPv6 {
            eth0.addresses.append(try! IPNetwork(parsing: "fd00:10:244::5/64"))
            eth0.routes.append(PodRoute(destination: nil, gateway: IPAddress("fd00:10:244::1")))
        }
        var interfaces = [eth0]
        for (offset, name) in ["net1", "net2", "net3", "net4", "eth1", "eth2", "eth3"].enumerated() {
            let subnet = 250 - offset
            interfaces.append(
                PodInterface(
                    name: name, macAddress: "0a:58:0a:fa:\(String(subnet, radix: 16)):0\(offset + 2)", mtu: 1450,
                    addresses: [try! IPNetwork(parsing: "10.\(subnet).0.\(offset + 2)/24")],
                    routes: [PodRoute(destination: try! IPNetwork(parsing: "10.\(subnet).0.0/24"), gateway: nil)]))
        }
        var devices: [String: PCIAddress] = [:]
        for (offset, network) in hostDeviceNetworks.enumerated() {
            devices[network] = PCIAddress(bus: 0x81, slot: 0x10, function: UInt8(offset % 8))
        }
        return PodFacts(interfaces: interfaces, hostDevices: devices)
    }
}
