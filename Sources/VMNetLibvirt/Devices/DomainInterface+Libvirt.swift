import VMNetCore

extension DomainInterface.Model {
    /// The model as libvirt's `<model type>` names it: `virtio` becomes `virtio-non-transitional` (KubeVirt §5.2,
    /// amd64/arm64), the others keep their names.
    public var libvirtModelType: String {
        self == .virtio ? "virtio-non-transitional" : rawValue
    }
}

extension DomainInterface: LibvirtXMLRepresentable {
    /// The `<interface type='ethernet'>` element, children in the order libvirt writes them back.
    public var libvirtXML: String { markup.rendered() }

    var markup: Markup {
        Markup(
            "interface", [.init("type", "ethernet")],
            children: [
                macAddress.map { Markup("mac", [.init("address", $0)]) },
                Markup("target", [.init("dev", targetDevice), .init("managed", "no")]),
                Markup("model", [.init("type", model.libvirtModelType)]),
                effectiveQueues.map { Markup("driver", [.init("name", "vhost"), .init("queues", String($0))]) },
                linkState == .down ? Markup("link", [.init("state", "down")]) : nil,
                mtu.map { Markup("mtu", [.init("size", String($0))]) },
                bootOrder.map { Markup("boot", [.init("order", String($0))]) },
                Markup("alias", [.init("name", alias)]),
                romEnabled ? nil : Markup("rom", [.init("enabled", "no")]),
                acpiIndex.map { Markup("acpi", [.init("index", String($0))]) },
                pciAddress?.guestAddressMarkup,
            ])
    }
}
