/// Options the in-pod DHCP server hands the guest beyond its address: PXE boot, NTP servers and private options.
///
/// The spec writes the PXE options directly on the interface; KubeVirt's API nests every option under
/// `dhcpOptions`. Both spellings decode to this.
public struct DHCPOptions: Codable, Sendable, Equatable {
    /// The boot file name, DHCP option 67.
    public var bootFileName: String?
    /// The TFTP server name, DHCP option 66.
    public var tftpServerName: String?
    /// NTP servers as written (IPv4 addresses), DHCP option 42.
    public var ntpServers: [String]?
    /// Site-specific options 224–254, DHCP's private range.
    public var privateOptions: [DHCPPrivateOption]?

    /// Creates DHCP options.
    public init(
        bootFileName: String? = nil, tftpServerName: String? = nil, ntpServers: [String]? = nil,
        privateOptions: [DHCPPrivateOption]? = nil
    ) {
        self.bootFileName = bootFileName
        self.tftpServerName = tftpServerName
        self.ntpServers = ntpServers
        self.privateOptions = privateOptions
    }

    /// Whether no option is set.
    public var isEmpty: Bool {
        bootFileName == nil && tftpServerName == nil && ntpServers == nil && privateOptions == nil
    }

    /// The NTP servers that are IPv4 addresses (validation refuses the others), in order.
    public var ntpAddresses: [IPAddress] {
        (ntpServers ?? []).compactMap(DHCPOptions.ntpAddress)
    }

    /// The IPv4 address of an NTP server entry, as KubeVirt reads it (`net.ParseIP(s).To4()`): dotted IPv4, or an
    /// IPv4-mapped IPv6 address (`::ffff:192.0.2.1`); `nil` for anything else.
    public static func ntpAddress(_ text: String) -> IPAddress? {
        guard let address = IPAddress(text) else { return nil }
        if !address.isIPv6 { return address }
        let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff]
        guard Array(address.bytes.prefix(12)) == mappedPrefix else { return nil }
        return IPAddress(bytes: Array(address.bytes.suffix(4)))
    }
}

/// One DHCP private option, `{option: 240, value: "extra.options.kubevirt.io"}`: the code and the text served as
/// its raw bytes.
public struct DHCPPrivateOption: Codable, Sendable, Hashable {
    /// KubeVirt's range of private option codes.
    public static let codes = 224...254

    /// The option code, 224–254.
    public var option: Int
    /// The value, served as its UTF-8 bytes.
    public var value: String

    /// Creates a private option.
    public init(option: Int, value: String) {
        self.option = option
        self.value = value
    }
}
