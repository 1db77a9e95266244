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

    /// Creates a snapshot.
    public init(link: String, addresses: [InterfaceAddress], routes: [Route]) {
        self.link = link
        self.addresses = addresses
        self.routes = routes
    }
}
