import VMNetCore
import VMNetEngine

/// A complete, minimal libvirt domain for one VM: enough to define it and boot a kernel with its network devices.
///
/// It is a QEMU (TCG) guest with ACPI, a vCPU topology, optionally a direct kernel boot and a serial console written
/// to a file, and the VM's network devices; user-mode NICs become `<qemu:commandline>` arguments.
public struct DomainDefinition: Sendable, Hashable {
    /// The guest's vCPU topology; libvirt's vCPU count is its product.
    public struct Topology: Sendable, Hashable {
        /// Sockets.
        public var sockets: Int
        /// Cores per socket.
        public var cores: Int
        /// Threads per core.
        public var threads: Int

        /// Creates a topology; the default is one vCPU.
        public init(sockets: Int = 1, cores: Int = 1, threads: Int = 1) {
            self.sockets = sockets
            self.cores = cores
            self.threads = threads
        }

        /// sockets × cores × threads.
        public var vcpus: Int { sockets * cores * threads }
    }

    /// The domain's name: the VM's name.
    public var name: String
    /// The guest memory in MiB.
    public var memoryMiB: Int
    /// The vCPU topology.
    public var topology: Topology
    /// The absolute path of a kernel to boot directly; `nil` boots from the devices.
    public var kernel: String?
    /// The absolute path of an initrd for `kernel`.
    public var initrd: String?
    /// The kernel command line.
    public var kernelCommandLine: String?
    /// The absolute path of a file that receives the guest's first serial port; `nil` means no serial port.
    public var serialLogPath: String?
    /// The VM's network devices, in interface order.
    public var devices: DomainDevices

    /// Creates a domain definition.
    public init(
        name: String, memoryMiB: Int = 256, topology: Topology = Topology(), kernel: String? = nil,
        initrd: String? = nil, kernelCommandLine: String? = nil, serialLogPath: String? = nil,
        devices: DomainDevices = []
    ) {
        self.name = name
        self.memoryMiB = memoryMiB
        self.topology = topology
        self.kernel = kernel
        self.initrd = initrd
        self.kernelCommandLine = kernelCommandLine
        self.serialLogPath = serialLogPath
        self.devices = devices
    }
}

extension DomainDefinition: LibvirtXMLRepresentable {
    /// The `<domain type='qemu'>` document, elements in the order libvirt writes them back.
    public var libvirtXML: String {
        let commandLine = devices.qemuCommandLineMarkup(declaringNamespace: false)
        let namespace: [Markup.Attribute] = commandLine == nil ? [] : [.init("xmlns:qemu", qemuNamespace)]
        return Markup(
            "domain", [.init("type", "qemu")] + namespace,
            children: [
                Markup("name", text: name),
                Markup("memory", [.init("unit", "MiB")], text: String(memoryMiB)),
                Markup("vcpu", text: String(topology.vcpus)),
                osMarkup,
                Markup("features", children: [Markup("acpi")]),
                Markup("cpu", children: [topologyMarkup]),
                Markup("devices", children: devices.deviceMarkups + [serialMarkup]),
                commandLine,
            ]
        ).rendered()
    }

    private var osMarkup: Markup {
        Markup(
            "os",
            children: [
                Markup("type", [.init("arch", "x86_64")], text: "hvm"),
                kernel.map { Markup("kernel", text: $0) },
                initrd.map { Markup("initrd", text: $0) },
                kernelCommandLine.map { Markup("cmdline", text: $0) },
            ])
    }

    private var topologyMarkup: Markup {
        Markup(
            "topology",
            [
                .init("sockets", String(topology.sockets)), .init("cores", String(topology.cores)),
                .init("threads", String(topology.threads)),
            ])
    }

    private var serialMarkup: Markup? {
        serialLogPath.map {
            Markup("serial", [.init("type", "file")], children: [Markup("source", [.init("path", $0)])])
        }
    }
}
