import VMNetCore

extension DomainHostDevice: LibvirtXMLRepresentable {
    /// The `<hostdev mode='subsystem' type='pci' managed='no'>` element.
    public var libvirtXML: String { markup.rendered() }

    var markup: Markup {
        Markup(
            "hostdev", [.init("mode", "subsystem"), .init("type", "pci"), .init("managed", "no")],
            children: [
                Markup("source", children: [sourceAddress.sourceAddressMarkup]),
                bootOrder.map { Markup("boot", [.init("order", String($0))]) },
                Markup("alias", [.init("name", alias)]),
                guestAddress?.guestAddressMarkup,
            ])
    }
}
