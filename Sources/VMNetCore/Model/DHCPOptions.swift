/// Options the in-pod DHCP server hands the guest beyond its address, for PXE boot.
///
/// The spec writes them directly on the interface; KubeVirt's API nests them under `dhcpOptions`. Both spellings
/// decode to this.
public struct DHCPOptions: Codable, Sendable, Equatable {
    /// The boot file name, DHCP option 67.
    public var bootFileName: String?
    /// The TFTP server name, DHCP option 66.
    public var tftpServerName: String?

    /// Creates DHCP options.
    public init(bootFileName: String? = nil, tftpServerName: String? = nil) {
        self.bootFileName = bootFileName
        self.tftpServerName = tftpServerName
    }

    /// Whether no option is set.
    public var isEmpty: Bool { bootFileName == nil && tftpServerName == nil }
}
