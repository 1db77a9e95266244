import VMNetCore
import VMNetEngine
import VMNetLibvirt

/// Devices of the kinds a plan produces, shared by the rendering and libvirt tests.
enum Samples {
    static let masquerade = DomainInterface(
        name: "default", targetDevice: "tap0", model: .virtio, macAddress: "02:00:00:00:00:01", mtu: 1450,
        queues: 2, pciAddress: PCIAddress(bus: 1, slot: 2))
    static let bridge = DomainInterface(
        name: "blue", targetDevice: "tap1", model: .e1000, macAddress: "02:00:00:00:00:02", bootOrder: 1,
        linkState: .down, acpiIndex: 2)
    static let sriov = DomainHostDevice(
        name: "red", alias: "ua-sriov-red", sourceAddress: PCIAddress(bus: 0x81, slot: 0x10, function: 2), bootOrder: 2,
        guestAddress: PCIAddress(bus: 2, slot: 1))
    static let slirp = QEMUCommandLineDevice(
        name: "green",
        arguments: [
            "-netdev", "user,id=green,net=10.0.2.0/24,dnssearch=svc.cluster.local,hostfwd=tcp::22-:22,hostfwd=tcp::80-:80",
            "-device", #"{"driver":"e1000","netdev":"green","id":"green","mac":"02:00:00:00:00:03"}"#,
        ])

    /// One device of every kind, in interface order.
    static let devices: DomainDevices = [
        .interface(masquerade), .hostDevice(sriov), .qemuCommandLine(slirp), .interface(bridge),
    ]
}
