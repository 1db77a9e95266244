// The seed answers, encoded by the contract's own encoder: what well-behaved plugins answer, and the hostile
// answers the tests of Tests/Plugins/Hostile send, each behind the selector byte that routes it.
import FoundationEssentials
import Glibc
import VMNetCore

/// With `$PLUGIN_ANSWERS_SEEDS` set to a folder, writes the seeds there and ends the process (Tests/Fuzz/PluginAnswers/seeds).
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    guard let folder = getenv("PLUGIN_ANSWERS_SEEDS").map({ String(cString: $0) }) else { return 0 }
    let encoder = JSONEncoder.vmnetContract(ContractVersion.supported.last!)
    func write<Document: Encodable>(_ name: String, _ selector: UInt8, _ document: Document) {
        let bytes = [selector] + Array(try! encoder.encode(document))
        _ = FileManager.default.createFile(atPath: "\(folder)/\(name)", contents: Data(bytes))
    }
    let net = { (text: String) in try! IPNetwork(parsing: text) }
    let device = DomainDevice.interface(DomainInterface(name: "ua-default", targetDevice: "tap0", macAddress: "0a:58:0a:f4:01:05"))
    let dhcp = DHCPServerPlan(
        interface: "k6t-eth0", serverAddress: IPAddress("10.0.2.1")!, clientAddress: net("10.0.2.2/24"), clientMACAddress: nil,
        router: IPAddress("10.0.2.1"), mtu: 1500, hostname: "fuzz", ipv6ClientAddress: IPAddress("fd10:0:2::2"))
    let masquerade: [HostStep] = [
        .createBridge(name: "k6t-eth0", macAddress: "02:00:00:00:00:00", mtu: 1500),
        .addAddress(link: "k6t-eth0", address: net("10.0.2.1/24")), .addAddress(link: "k6t-eth0", address: net("fd10:0:2::1/120")),
        .setSysctl(key: "net/ipv4/conf/k6t-eth0/route_localnet", value: "1"),
        .createTap(name: "tap0", mtu: 1500, queues: 1, owner: 0, group: 0), .setMaster(link: "tap0", master: "k6t-eth0"),
        .setLinkState(link: "tap0", up: true),
        .addNATRules(chains: ["KUBEVIRT_PREINBOUND"], rules: [
            NATRule(.ipv4, chain: "PREROUTING", inInterface: "eth0", target: .jump("KUBEVIRT_PREINBOUND")),
            NATRule(.ipv4, chain: "POSTROUTING", source: IPAddress("10.0.2.2"), target: .masquerade),
        ]),
        .custom(CustomStep(plugin: "hostile", name: "tune", arguments: ["link": "tap0"])),
    ]
    let bridge: [HostStep] = [
        .createBridge(name: "k6t-eth0", macAddress: nil, mtu: nil), .setLinkState(link: "eth0", up: false),
        .removeAddress(link: "eth0", address: net("10.244.1.5/24")), .setMACAddress(link: "eth0", macAddress: "02:a3:88:8e:f5:7b"),
        .setMaster(link: "eth0", master: "k6t-eth0"), .setLearning(link: "eth0", enabled: false),
        .addAddress(link: "k6t-eth0", address: net("169.254.75.10/32")), .renameLink(from: "k6t-eth0", to: "k6t-x"),
        .setMTU(link: "k6t-x", mtu: 1400),
    ]
    write("describe", 0, PluginManifest.binding(BindingManifest(
        name: "hostile", displayName: "Hostile", version: "1.0.0", summary: "fuzzed",
        capabilities: BindingCapabilities(servesDHCP: true, addressFamilies: [.ipv4, .ipv6]))))
    write("validate", 1, PluginDiagnostics([.error("hostile-rule", at: "spec.domain.devices.interfaces[0]", "no")]))
    write("assignments", 2, BackendPlan(assignments: [.init(network: "default", podInterface: "eth0", isPrimary: true)]))
    write("masquerade-plan", 3, BindingPlan(interface: "default", podInterface: "eth0", steps: masquerade, dhcp: dhcp, device: device))
    write("bridge-plan", 3, BindingPlan(interface: "default", podInterface: "eth0", steps: bridge, device: device))
    write("loopback-plan", 3, BindingPlan(interface: "default", podInterface: "eth0", steps: [.setLinkState(link: "lo", up: false)], device: device))
    write("error", 6, PluginFailure("the plugin could not plan this"))
    write("applied", 4, EmptyDocument())
    exit(0)
}
