import VMNetCore

extension PCIAddress {
    /// The `domain`, `bus`, `slot` and `function` attributes as libvirt writes them: `0x0000`, `0x81`, `0x00`, `0x1`.
    var libvirtAttributes: [Markup.Attribute] {
        [
            .init("domain", Self.libvirtHex(domain, width: 4)), .init("bus", Self.libvirtHex(bus, width: 2)),
            .init("slot", Self.libvirtHex(slot, width: 2)), .init("function", Self.libvirtHex(function, width: 1)),
        ]
    }

    /// A guest address: `<address type='pci' domain=… bus=… slot=… function=…/>`.
    var guestAddressMarkup: Markup {
        Markup("address", [.init("type", "pci")] + libvirtAttributes)
    }

    /// A host device's source address, written without `type`: libvirt 9.0's schema refuses `type` there.
    var sourceAddressMarkup: Markup {
        Markup("address", libvirtAttributes)
    }

    private static func libvirtHex(_ value: some BinaryInteger, width: Int) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
