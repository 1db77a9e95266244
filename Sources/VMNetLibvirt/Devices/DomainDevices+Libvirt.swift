import VMNetCore
import VMNetEngine

extension DomainDevices: LibvirtXMLRepresentable {
    /// A `<devices>` element holding the NICs and VFs in interface order; devices given as QEMU arguments
    /// appear in `qemuCommandLineXML` instead.
    public var libvirtXML: String {
        Markup("devices", children: deviceMarkups).rendered()
    }

    /// The `<interface>` and `<hostdev>` elements, in interface order.
    var deviceMarkups: [Markup] {
        compactMap { device in
            switch device {
            case .interface(let interface): interface.markup
            case .hostDevice(let hostDevice): hostDevice.markup
            case .qemuCommandLine: nil
            }
        }
    }
}
