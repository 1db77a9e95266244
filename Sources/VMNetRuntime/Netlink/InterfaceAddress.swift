import VMNetCore

/// An IP address assigned to a link.
public struct InterfaceAddress: Codable, Sendable, Hashable {
    /// The index of the link that carries the address.
    public var linkIndex: Int
    /// The local address and its prefix length, e.g. `10.0.2.1/24`.
    public var local: IPNetwork
    /// The address scope.
    public var scope: RoutingScope
    /// The flags an administrator chose when adding it (`nodad`, `noprefixroute`…); the kernel's own state flags
    /// (tentative, permanent, deprecated…) are left out.
    public var flags: AddressFlags

    /// The IPv4 broadcast address (`ip address add … brd ADDRESS`), nil when none was set.
    public var broadcast: IPAddress?

    /// The address family.
    public var family: IPFamily { local.family }

    /// Creates an address description.
    public init(
        linkIndex: Int, local: IPNetwork, scope: RoutingScope, flags: AddressFlags = [], broadcast: IPAddress? = nil
    ) {
        self.linkIndex = linkIndex
        self.local = local
        self.scope = scope
        self.flags = flags
        self.broadcast = broadcast
    }
}

/// The `IFA_F_*` flags an administrator sets on an address (`ip address add … nodad noprefixroute`).
public struct AddressFlags: OptionSet, Codable, Sendable, Hashable {
    /// The kernel value.
    public let rawValue: UInt32

    /// Creates flags from their kernel value.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `IFA_F_NODAD`: no duplicate address detection (IPv6).
    public static let noDAD = AddressFlags(rawValue: 0x02)
    /// `IFA_F_HOMEADDRESS`: a Mobile IPv6 home address.
    public static let homeAddress = AddressFlags(rawValue: 0x10)
    /// `IFA_F_MANAGETEMPADDR`: make temporary addresses from this one (IPv6).
    public static let manageTemporaryAddresses = AddressFlags(rawValue: 0x100)
    /// `IFA_F_NOPREFIXROUTE`: add no route for the address's prefix.
    public static let noPrefixRoute = AddressFlags(rawValue: 0x200)
    /// `IFA_F_MCAUTOJOIN`: join the multicast group the address names.
    public static let multicastAutoJoin = AddressFlags(rawValue: 0x400)

    /// Every flag an administrator can set.
    public static let administrative: AddressFlags = [.noDAD, .homeAddress, .manageTemporaryAddresses, .noPrefixRoute, .multicastAutoJoin]
}
