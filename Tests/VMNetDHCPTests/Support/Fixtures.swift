import VMNetDHCP

/// The configurations KubeVirt would build for a VM named `testvm`, as the tests serve them.
enum Fixtures {
    static let vmMAC: HardwareAddress = "02:11:22:33:44:55"
    static let searchDomains = ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"]

    /// Bridge binding: the pod's address, only for the VM's MAC, routes from the pod, link-local server.
    static func bridge(interface: String = "k6t-eth0") -> DHCPv4ServerConfiguration {
        DHCPv4ServerConfiguration(
            interfaceName: interface,
            serverAddress: "169.254.75.10",
            clientHardwareAddress: vmMAC,
            lease: DHCPv4Lease(
                address: "10.244.1.5", prefixLength: 24, router: "10.244.1.1",
                classlessRoutes: [
                    DHCPv4Route(destination: "0.0.0.0", prefixLength: 0, gateway: "10.244.1.1"),
                    DHCPv4Route(destination: "10.0.0.0", prefixLength: 8, gateway: "10.244.1.254"),
                ],
                dnsServers: ["10.96.0.10", "10.96.0.11"], searchDomains: searchDomains,
                domainName: "default.svc.cluster.local", hostName: "testvm", mtu: 1400,
                tftpServerName: "tftp.example.com", bootFileName: "pxelinux.0"
            )
        )
    }

    /// Masquerade binding: 10.0.2.2/24 for any client, router and server 10.0.2.1.
    static func masquerade(interface: String = "k6t-eth0", address: IPv4Address = "10.0.2.2",
                           router: IPv4Address = "10.0.2.1") -> DHCPv4ServerConfiguration {
        DHCPv4ServerConfiguration(
            interfaceName: interface,
            serverAddress: router,
            lease: DHCPv4Lease(
                address: address, prefixLength: 24, router: router, dnsServers: ["10.96.0.10"],
                searchDomains: searchDomains, domainName: "default.svc.cluster.local", hostName: "testvm", mtu: 1480
            )
        )
    }

    /// Masquerade over IPv6.
    static func masqueradeV6(interface: String = "k6t-eth0") -> DHCPv6ServerConfiguration {
        DHCPv6ServerConfiguration(interfaceName: interface, address: "fd10:0:2::2", dnsServers: ["fd00::10", "fd00::11"])
    }

    /// A client message as a real client would send it.
    static func request(
        _ type: DHCPv4MessageType, mac: HardwareAddress = vmMAC, parameters: [UInt8] = [], flags: UInt16 = 0,
        clientAddress: IPv4Address = .any
    ) -> DHCPv4Message {
        var options = [DHCPv4Option(.messageType, [type.rawValue])]
        if !parameters.isEmpty { options.append(DHCPv4Option(.parameterRequestList, parameters)) }
        return DHCPv4Message(
            operation: DHCPv4Message.bootRequest, transactionID: 0x1234_5678, flags: flags, clientAddress: clientAddress,
            clientHardwareAddressField: mac.octets, options: options
        )
    }
}
