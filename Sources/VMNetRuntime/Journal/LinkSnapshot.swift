import VMNetCore

/// A link's addresses and main-table routes, taken before a step that makes the kernel drop them (setting the
/// link down flushes its routes, and its IPv6 addresses unless `keep_addr_on_down` is set; removing an address
/// drops the routes that needed it), so undoing the step can put them back.
public struct LinkSnapshot: Codable, Sendable, Equatable {
    /// The link's name when the snapshot was taken.
    public var link: String
    /// Its addresses with their scopes and flags in the kernel's order, but IPv6 link-local ones, which the
    /// kernel makes itself.
    public var addresses: [InterfaceAddress]
    /// The unicast main-table routes through it in the kernel's order, but those the kernel makes itself for
    /// its addresses (`proto kernel`).
    public var routes: [Route]
    /// Its IPv6 link-local addresses. The kernel makes one again from the link's MAC when the link comes back up,
    /// which is another address when the MAC changed meanwhile (CNI's tuning plugin sets a MAC after the veth got
    /// its link-local address). Nil in journals written before vmnet kept them.
    public var linkLocalAddresses: [InterfaceAddress]?
    /// The routes the kernel made for its addresses (`proto kernel`). Re-adding an address makes its subnet route
    /// again even where a plugin had replaced it (CNI's ptp routes the subnet via its gateway). Nil in journals
    /// written before vmnet kept them.
    public var kernelRoutes: [Route]?

    /// Creates a snapshot.
    public init(
        link: String, addresses: [InterfaceAddress], routes: [Route], linkLocalAddresses: [InterfaceAddress]? = nil,
        kernelRoutes: [Route]? = nil
    ) {
        self.link = link
        self.addresses = addresses
        self.routes = routes
        self.linkLocalAddresses = linkLocalAddresses
        self.kernelRoutes = kernelRoutes
    }
}
