import VMNetCore

/// The guest NIC on passt's socket: QEMU's `-netdev stream` client on the UNIX socket passt listens on, and a
/// `-device` of the interface's model on that netdev, named by libvirt's user alias `ua-<name>`.
struct PasstDevice: Equatable {
    /// The VM interface's name.
    var name: String
    /// passt's socket.
    var socketPath: String
    /// The interface's NIC model, as the VM spec spells it (`virtio`, `e1000`, …).
    var model: String
    /// The guest's MAC; `nil` lets QEMU pick one.
    var macAddress: String?
    /// The boot order, from 1; `nil` when the NIC does not boot.
    var bootOrder: Int?

    /// QEMU's id of both the netdev and the device.
    var id: String { "ua-" + name }

    /// QEMU's device driver for the model: virtio-net's PCI device, or the emulated NIC of the same name.
    var driver: String { model == "virtio" ? "virtio-net-pci" : model }

    /// `-netdev stream,…` and `-device {…}`: QEMU (7.2 and later) connects as a client and reconnects to nothing,
    /// so passt must listen before QEMU starts, as `vmnet up` arranges.
    var qemuCommandLine: QEMUCommandLineDevice {
        var members = [("driver", driver), ("netdev", id), ("id", id)]
        if let macAddress { members.append(("mac", macAddress)) }
        var device = "{" + members.map { "\(JSONString.quoted($0.0)):\(JSONString.quoted($0.1))" }.joined(separator: ",")
        if let bootOrder { device += ",\(JSONString.quoted("bootindex")):\(bootOrder)" }
        device += "}"
        return QEMUCommandLineDevice(
            name: name,
            arguments: ["-netdev", "stream,id=\(id),server=off,addr.type=unix,addr.path=\(socketPath)", "-device", device])
    }
}
