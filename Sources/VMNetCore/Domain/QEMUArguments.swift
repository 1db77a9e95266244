/// A guest device given to QEMU as arguments of its own (`<qemu:commandline>`), for a device libvirt's XML cannot
/// say: e.g. a NIC on a `-netdev stream` socket that a process in the pod serves.
///
/// The arguments reach QEMU as written, in order, after libvirt's own; the binding that plans them owns their
/// meaning, and libvirt checks only that they are strings.
public struct QEMUArguments: Codable, Sendable, Hashable {
    /// The VM interface's name the device belongs to.
    public var name: String
    /// The QEMU arguments, in order (`["-netdev", "stream,id=…", "-device", "{…}"]`).
    public var arguments: [String]

    /// Creates a device from its QEMU arguments.
    public init(name: String, arguments: [String]) {
        self.name = name
        self.arguments = arguments
    }
}
