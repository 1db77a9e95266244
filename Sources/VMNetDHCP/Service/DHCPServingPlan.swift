/// What `vmnet-dhcpd` serves: the network namespace its sockets are made in, and the guests.
///
/// `vmnet serve` and `vmnet up --serve` read the journals, make this plan and hand it to `vmnet-dhcpd` as JSON,
/// so the long-lived server process links the DHCP module and nothing else.
public struct DHCPServingPlan: Sendable, Hashable, Codable {
    /// The namespace file, e.g. `/var/run/netns/pod1`.
    public var namespacePath: String
    /// The namespace as messages name it, e.g. `network namespace pod1`.
    public var namespaceDescription: String
    /// The guests, in plan order.
    public var guests: [DHCPGuest]

    public init(namespacePath: String, namespaceDescription: String, guests: [DHCPGuest]) {
        self.namespacePath = namespacePath
        self.namespaceDescription = namespaceDescription
        self.guests = guests
    }
}
