import VMNetCore
import VMNetDHCP

extension DHCPServerPlan {
    /// The DHCPv4 server's configuration for this plan, with DNS servers and search domains from `resolvConf`.
    func ipv4Configuration(resolvConf: ResolvConf) throws(ServingError) -> DHCPv4ServerConfiguration {
        var classless: [DHCPv4Route] = []
        for route in routes where !route.isIPv6 {
            let destination = route.destination ?? IPNetwork(address: IPAddress("0.0.0.0")!, prefixLength: 0)
            classless.append(
                DHCPv4Route(
                    destination: try wire(IPv4Address.init(parsing:), destination.networkAddress.description),
                    prefixLength: destination.prefixLength,
                    gateway: try route.gateway.map { gateway throws(ServingError) in
                        try wire(IPv4Address.init(parsing:), gateway.description)
                    } ?? .any))
        }
        let lease = DHCPv4Lease(
            address: try wire(IPv4Address.init(parsing:), clientAddress.address.description),
            prefixLength: clientAddress.prefixLength,
            router: try router.map { router throws(ServingError) in try wire(IPv4Address.init(parsing:), router.description) },
            classlessRoutes: classless,
            dnsServers: resolvConf.ipv4Nameservers,
            searchDomains: resolvConf.searchList(),
            domainName: resolvConf.domainName(),
            hostName: hostname,
            mtu: UInt16(clamping: mtu),
            tftpServerName: tftpServerName,
            bootFileName: bootFileName,
            ntpServers: try (ntpServers ?? []).map { server throws(ServingError) in
                try wire(IPv4Address.init(parsing:), server.description)
            },
            privateOptions: try (privateOptions ?? []).map { option throws(ServingError) in
                guard let code = UInt8(exactly: option.option) else {
                    throw .invalidPlan(interface: interface, reason: "private option \(option.option) is not a DHCP option code")
                }
                return DHCPv4Option(DHCPv4OptionCode(rawValue: code), Array(option.value.utf8))
            })
        return DHCPv4ServerConfiguration(
            interfaceName: interface,
            serverAddress: try wire(IPv4Address.init(parsing:), serverAddress.description),
            clientHardwareAddress: try clientMACAddress.map { mac throws(ServingError) in
                try wire(HardwareAddress.init(parsing:), mac)
            },
            lease: lease)
    }

    /// The DHCPv6 server's configuration, when the plan serves the guest an IPv6 address.
    func ipv6Configuration(resolvConf: ResolvConf) throws(ServingError) -> DHCPv6ServerConfiguration? {
        guard let address = ipv6ClientAddress else { return nil }
        return DHCPv6ServerConfiguration(
            interfaceName: interface, address: try wire(IPv6Address.init(parsing:), address.description),
            dnsServers: resolvConf.ipv6Nameservers)
    }

    /// A value in the DHCP module's wire types; the plan's types always convert, so a failure is a broken plan.
    private func wire<Value>(_ parse: (String) throws(AddressParseError) -> Value, _ text: String) throws(ServingError) -> Value {
        do {
            return try parse(text)
        } catch {
            throw .invalidPlan(interface: interface, reason: error.description)
        }
    }
}
