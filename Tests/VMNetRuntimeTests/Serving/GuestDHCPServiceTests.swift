import Foundation
import Glibc
import Synchronization
import Testing
import VMNetCore
import VMNetEngine
import VMNetDHCP
@testable import VMNetRuntime

@Suite("GuestDHCPService: DHCP for wired VMs, as embedding daemons use it", .serialized)
struct GuestDHCPServiceTests {
    /// A masquerade-style DHCP plan on bridge `k6t-eth0` with PXE options and a classless route.
    static func plan(bridge: String) -> VMPlan {
        let dhcp = DHCPServerPlan(
            interface: bridge, serverAddress: IPAddress("10.0.2.1")!,
            clientAddress: try! IPNetwork(parsing: "10.0.2.2/24"), clientMACAddress: nil, router: IPAddress("10.0.2.1"),
            routes: [PodRoute(destination: try! IPNetwork(parsing: "10.9.0.0/16"), gateway: IPAddress("10.0.2.1"))],
            mtu: 1400, hostname: "fedora", tftpServerName: "tftp.example.com", bootFileName: "pxe.bin")
        let device = DomainDevice.interface(DomainInterface(name: "default", targetDevice: "tap0"))
        return VMPlan(name: "fedora", namespace: "apps", interfaces: [
            .init(network: "default", backend: "pod", binding: "masquerade", isPrimary: true,
                  plan: BindingPlan(interface: "default", podInterface: "eth0", dhcp: dhcp, device: device))
        ])
    }

    @Test("serves every DHCP plan on its bridge, reports the lease, and stops (needs root)",
          .enabled(if: getuid() == 0, "namespaces and DHCP sockets need root"))
    func servesAndReports() throws {
        try TestNamespace.with { pod in
            let bridge = "k6t-eth0"
            for command in [
                ["ip", "-n", pod.name, "link", "add", bridge, "type", "bridge"],
                ["ip", "-n", pod.name, "addr", "add", "10.0.2.1/24", "dev", bridge],
                ["ip", "-n", pod.name, "link", "set", bridge, "up"],
            ] {
                let result = try run(command)
                #expect(result.status == 0, "\(command): \(result.stderr)")
            }
            try GuestClient.attached(to: bridge, in: pod.name) { guest in
                let events = Mutex<[GuestDHCPEvent]>([])
                let service = try GuestDHCPService(
                    plans: [Self.plan(bridge: bridge)],
                    resolvConf: ResolvConf(parsing: "nameserver 10.96.0.10\nsearch apps.svc.cluster.local cluster.local\n")
                ) { event in events.withLock { $0.append(event) } }
                #expect(service.guests.map(\.interface) == ["default"])
                try service.start(in: pod.thread)
                defer { service.stop() }

                let lease = try #require(
                    try GuestClient.lease(in: guest, asking: ["staticroutes", "tftp", "bootfile", "mtu", "search", "hostname"]))
                for (key, value) in [
                    ("ip", "10.0.2.2"), ("subnet", "255.255.255.0"), ("router", "10.0.2.1"), ("dns", "10.96.0.10"), ("mtu", "1400"),
                    ("hostname", "fedora"), ("tftp", "tftp.example.com"), ("bootfile", "pxe.bin"),
                    ("search", "apps.svc.cluster.local cluster.local"), ("staticroutes", "10.9.0.0/16 10.0.2.1"),
                ] {
                    #expect(lease[key] == value, "\(key) in \(lease)")
                }
                #expect(service.counters.leasesGranted >= 1)
                #expect(events.withLock { $0 }.contains {
                    if case .leaseGranted(let vm, let interface, let bridge, _, let address) = $0 {
                        return vm == "apps/fedora" && interface == "default" && bridge == "k6t-eth0" && address == "10.0.2.2"
                    }
                    return false
                })
                service.stop()
                #expect(try GuestClient.lease(in: guest, tries: 2) == nil, "no server answers once the service stopped")
            }
        }
    }

    @Test("a DHCP plan whose bridge does not exist fails to start, naming it, and starts nothing (needs root)",
          .enabled(if: getuid() == 0, "namespaces need root"))
    func missingBridge() throws {
        try TestNamespace.with { pod in
            let service = try GuestDHCPService(plans: [Self.plan(bridge: "k6t-missing")], resolvConf: ResolvConf(parsing: ""))
            #expect(throws: ServingError.self) { try service.start(in: pod.thread) }
            #expect(service.counters == DHCPServerCounters())
        }
    }
}
