/// A device a plugin hands QEMU directly, as command-line arguments, because libvirt's domain XML cannot describe
/// it: libvirt passes them on through `<qemu:commandline>` (its `qemu` namespace), after every device it knows.
public struct QEMUCommandLineDevice: Codable, Sendable, Hashable {
    /// The VM interface's name.
    public var name: String
    /// The arguments, in order, each one argv element (`-netdev`, `user,id=…`).
    public var arguments: [String]

    /// Creates a device of `arguments` for the interface `name`.
    public init(name: String, arguments: [String]) {
        self.name = name
        self.arguments = arguments
    }
}
