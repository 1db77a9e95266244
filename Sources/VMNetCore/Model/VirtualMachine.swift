/// The networking part of a VM manifest (`kind: VM`, `VirtualMachine` or `VirtualMachineInstance`).
///
/// Fields outside networking are not kept. Optional collections stay `nil` when the manifest left them out, because
/// "omitted" and "empty" mean different things to the defaults.
public struct VirtualMachine: Codable, Sendable, Equatable {
    /// The manifest shapes vmnet reads.
    package enum Kind: String, Codable, Sendable, CaseIterable {
        /// The spec's shorthand: `spec` holds the VMI spec directly.
        case vm = "VM"
        /// `spec.template.spec` holds the VMI spec.
        case virtualMachine = "VirtualMachine"
        /// `spec` holds the VMI spec.
        case virtualMachineInstance = "VirtualMachineInstance"

        /// Where the VMI spec sits in a document of this kind.
        package var specPath: FieldPath {
            self == .virtualMachine ? "spec.template.spec" : "spec"
        }
    }

    /// The manifest's kind.
    package var kind: Kind = .vm
    /// `metadata.name`, or a name made from the file's when the manifest has none.
    public var name: String
    /// `metadata.namespace`, default `default`.
    public var namespace: String
    /// `spec.domain.devices.interfaces`.
    public var interfaces: [Interface]?
    /// `spec.networks`.
    public var networks: [Network]?
    /// `spec.domain.devices.autoattachPodInterface`; `nil` means true.
    public var autoattachPodInterface: Bool?
    /// `spec.domain.devices.networkInterfaceMultiqueue`.
    public var networkInterfaceMultiqueue: Bool?
    /// `spec.domain.cpu`.
    package var cpu: CPUTopology?
    /// `spec.hostname`, the guest's host name when set.
    public var hostname: String?
    /// `spec.subdomain`.
    public var subdomain: String?

    /// Creates a VM of the spec's shorthand kind (`kind: VM`) with one vCPU.
    public init(
        name: String, namespace: String = "default", interfaces: [Interface]? = nil, networks: [Network]? = nil,
        autoattachPodInterface: Bool? = nil, networkInterfaceMultiqueue: Bool? = nil, hostname: String? = nil,
        subdomain: String? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.interfaces = interfaces
        self.networks = networks
        self.autoattachPodInterface = autoattachPodInterface
        self.networkInterfaceMultiqueue = networkInterfaceMultiqueue
        self.hostname = hostname
        self.subdomain = subdomain
    }

    /// Where the VMI spec sits in the document.
    public var specPath: FieldPath { kind.specPath }

    /// The path of `spec.networks[index]`.
    public func networkPath(_ index: Int) -> FieldPath {
        specPath.appending("networks").appending(index)
    }

    /// The path of `spec.domain.devices.interfaces[index]`.
    public func interfacePath(_ index: Int) -> FieldPath {
        devicesPath.appending("interfaces").appending(index)
    }

    /// The path of `spec.domain.devices`.
    public var devicesPath: FieldPath {
        specPath.appending("domain").appending("devices")
    }

    /// The network an interface connects to, by exact (case-sensitive) name.
    public func network(named name: String) -> (index: Int, network: Network)? {
        guard let index = networks?.firstIndex(where: { $0.name == name }) else { return nil }
        return (index, networks![index])
    }

    /// The number of vCPUs: sockets × cores × threads, each defaulting to 1.
    public var vcpus: Int { cpu?.vcpus ?? 1 }
}

extension VirtualMachine {
    /// The VM as it is wired: without the interfaces whose `state` is `absent`, nor their networks (KubeVirt
    /// leaves both out of the pod and the domain).
    public var withoutAbsentInterfaces: VirtualMachine {
        let absent = Set((interfaces ?? []).filter(\.isAbsent).map(\.name))
        guard !absent.isEmpty else { return self }
        var wired = self
        wired.interfaces = interfaces?.filter { !absent.contains($0.name) }
        wired.networks = networks?.filter { !absent.contains($0.name) }
        return wired
    }
}
