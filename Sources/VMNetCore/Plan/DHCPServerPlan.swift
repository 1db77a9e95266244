/// The DHCP server a binding needs in the pod: which bridge it answers on and what lease it hands out.
///
/// DNS servers and search domains are not in the plan: the server reads them from the pod's resolv.conf when it
/// starts, as KubeVirt's does.
public struct DHCPServerPlan: Codable, Sendable, Equatable {
    /// The bridge the server listens on.
    public var interface: String
    /// The server identifier (option 54) and source address.
    public var serverAddress: IPAddress
    /// The guest's address and prefix.
    public var clientAddress: IPNetwork
    /// Only this MAC gets the lease; `nil` answers any client on the bridge.
    public var clientMACAddress: String?
    /// The router (option 3).
    public var router: IPAddress?
    /// Classless static routes (option 121).
    public var routes: [PodRoute]
    /// The interface MTU (option 26).
    public var mtu: Int
    /// The guest's host name (option 12).
    public var hostname: String
    /// The TFTP server name (option 66).
    public var tftpServerName: String?
    /// The boot file name (option 67).
    public var bootFileName: String?
    /// For IPv6 masquerade: the guest's IPv6 address served by DHCPv6.
    public var ipv6ClientAddress: IPAddress?
    /// The NTP servers (option 42); the planner fills them from the interface's `dhcpOptions`.
    public var ntpServers: [IPAddress]?
    /// The private options 224–254; the planner fills them from the interface's `dhcpOptions`.
    public var privateOptions: [DHCPPrivateOption]?

    /// Creates a DHCP plan.
    public init(
        interface: String, serverAddress: IPAddress, clientAddress: IPNetwork, clientMACAddress: String?,
        router: IPAddress?, routes: [PodRoute] = [], mtu: Int, hostname: String, tftpServerName: String? = nil,
        bootFileName: String? = nil, ipv6ClientAddress: IPAddress? = nil, ntpServers: [IPAddress]? = nil,
        privateOptions: [DHCPPrivateOption]? = nil
    ) {
        self.interface = interface
        self.serverAddress = serverAddress
        self.clientAddress = clientAddress
        self.clientMACAddress = clientMACAddress
        self.router = router
        self.routes = routes
        self.mtu = mtu
        self.hostname = hostname
        self.tftpServerName = tftpServerName
        self.bootFileName = bootFileName
        self.ipv6ClientAddress = ipv6ClientAddress
        self.ntpServers = ntpServers
        self.privateOptions = privateOptions
    }
}

extension DHCPServerPlan {
    /// Adds the interface's NTP servers and private options, which the core serves for every binding that runs
    /// a DHCP server, so no binding has to copy them.
    public mutating func serve(_ options: DHCPOptions?) {
        guard let options else { return }
        if options.ntpServers != nil { ntpServers = options.ntpAddresses }
        if let privateOptions = options.privateOptions { self.privateOptions = privateOptions }
    }
}
