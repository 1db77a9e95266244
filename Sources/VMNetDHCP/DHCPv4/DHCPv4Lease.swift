/// The one lease a DHCPv4 server hands out: the guest's address and everything it needs to use it.
public struct DHCPv4Lease: Sendable, Hashable, Codable {
    /// KubeVirt's "infinite" lease: 999 days.
    public static let infiniteSeconds: UInt32 = 86_313_600

    /// The guest's address (`yiaddr`).
    public var address: IPv4Address
    /// The prefix length of the guest's subnet (option 1).
    public var prefixLength: Int
    /// The default gateway (option 3).
    public var router: IPv4Address?
    /// Classless static routes (option 121); empty sends none.
    public var classlessRoutes: [DHCPv4Route]
    /// DNS servers (option 6); empty sends none.
    public var dnsServers: [IPv4Address]
    /// The domain search list (option 119); empty sends none.
    public var searchDomains: [String]
    /// The domain name (option 15).
    public var domainName: String?
    /// The guest's host name (option 12).
    public var hostName: String?
    /// The interface MTU (option 26).
    public var mtu: UInt16
    /// The lease time (option 51).
    public var leaseSeconds: UInt32
    /// The TFTP server name for PXE (option 66).
    public var tftpServerName: String?
    /// The boot file name for PXE (option 67).
    public var bootFileName: String?
    /// NTP servers (option 42); empty sends none.
    public var ntpServers: [IPv4Address]
    /// Site-specific options (codes 224–254) with their values, served as given.
    public var privateOptions: [DHCPv4Option]

    /// Creates a lease.
    public init(
        address: IPv4Address, prefixLength: Int, router: IPv4Address? = nil, classlessRoutes: [DHCPv4Route] = [],
        dnsServers: [IPv4Address] = [], searchDomains: [String] = [], domainName: String? = nil,
        hostName: String? = nil, mtu: UInt16 = 1500, leaseSeconds: UInt32 = DHCPv4Lease.infiniteSeconds,
        tftpServerName: String? = nil, bootFileName: String? = nil, ntpServers: [IPv4Address] = [],
        privateOptions: [DHCPv4Option] = []
    ) {
        self.address = address
        self.prefixLength = prefixLength
        self.router = router
        self.classlessRoutes = classlessRoutes
        self.dnsServers = dnsServers
        self.searchDomains = searchDomains
        self.domainName = domainName
        self.hostName = hostName
        self.mtu = mtu
        self.leaseSeconds = leaseSeconds
        self.tftpServerName = tftpServerName
        self.bootFileName = bootFileName
        self.ntpServers = ntpServers
        self.privateOptions = privateOptions
    }

    /// Decodes a lease; only the address and prefix length are required, the rest takes the defaults of `init`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            address: try container.decode(IPv4Address.self, forKey: .address),
            prefixLength: try container.decode(Int.self, forKey: .prefixLength),
            router: try container.decodeIfPresent(IPv4Address.self, forKey: .router),
            classlessRoutes: try container.decodeIfPresent([DHCPv4Route].self, forKey: .classlessRoutes) ?? [],
            dnsServers: try container.decodeIfPresent([IPv4Address].self, forKey: .dnsServers) ?? [],
            searchDomains: try container.decodeIfPresent([String].self, forKey: .searchDomains) ?? [],
            domainName: try container.decodeIfPresent(String.self, forKey: .domainName),
            hostName: try container.decodeIfPresent(String.self, forKey: .hostName),
            mtu: try container.decodeIfPresent(UInt16.self, forKey: .mtu) ?? 1500,
            leaseSeconds: try container.decodeIfPresent(UInt32.self, forKey: .leaseSeconds) ?? Self.infiniteSeconds,
            tftpServerName: try container.decodeIfPresent(String.self, forKey: .tftpServerName),
            bootFileName: try container.decodeIfPresent(String.self, forKey: .bootFileName),
            ntpServers: try container.decodeIfPresent([IPv4Address].self, forKey: .ntpServers) ?? [],
            privateOptions: try container.decodeIfPresent([DHCPv4Option].self, forKey: .privateOptions) ?? []
        )
    }

    /// The options this lease puts in every OFFER and ACK, except the message type, in ascending code order
    /// after the server identifier and lease time.
    ///
    /// - Throws: `DHCPConfigurationError` when a value cannot be encoded.
    func options(serverIdentifier: IPv4Address) throws(DHCPConfigurationError) -> [DHCPv4Option] {
        guard let mask = IPv4Address(maskOfPrefixLength: prefixLength) else { throw .invalidPrefixLength(prefixLength) }
        var options = [
            DHCPv4Option(.serverIdentifier, serverIdentifier.octets),
            DHCPv4Option(.leaseTime, Self.bigEndian(leaseSeconds)),
            DHCPv4Option(.subnetMask, mask.octets),
        ]
        if let router { options.append(DHCPv4Option(.router, router.octets)) }
        if !dnsServers.isEmpty { options.append(DHCPv4Option(.domainNameServers, dnsServers.flatMap(\.octets))) }
        if let hostName, !hostName.isEmpty { options.append(DHCPv4Option(.hostName, Array(hostName.utf8))) }
        if let domainName, !domainName.isEmpty { options.append(DHCPv4Option(.domainName, Array(domainName.utf8))) }
        options.append(DHCPv4Option(.interfaceMTU, [UInt8(mtu >> 8), UInt8(truncatingIfNeeded: mtu)]))
        if !ntpServers.isEmpty { options.append(DHCPv4Option(.ntpServers, ntpServers.flatMap(\.octets))) }
        if let tftpServerName, !tftpServerName.isEmpty {
            options.append(DHCPv4Option(.tftpServerName, Array(tftpServerName.utf8)))
        }
        if let bootFileName, !bootFileName.isEmpty {
            options.append(DHCPv4Option(.bootFileName, Array(bootFileName.utf8)))
        }
        if !searchDomains.isEmpty {
            options.append(DHCPv4Option(.domainSearch, try DomainSearchList.encode(searchDomains)))
        }
        if !classlessRoutes.isEmpty {
            options.append(DHCPv4Option(.classlessStaticRoutes, try DHCPv4Route.classlessRoutesOption(classlessRoutes)))
        }
        for option in privateOptions.sorted(by: { $0.code < $1.code }) {
            guard DHCPv4OptionCode.privateCodes.contains(option.code.rawValue) else {
                throw .notPrivateOption(code: option.code.rawValue)
            }
            options.append(option)
        }
        for option in options where option.value.count > 255 {
            throw .optionTooLong(code: option.code.rawValue, length: option.value.count)
        }
        return options
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.append(bigEndian: value)
        return bytes
    }
}
