import VMNetCore
/// A group of checks over one VM. The validator runs every group and keeps every diagnostic.
protocol ValidationRule: Sendable {
    /// Checks the VM in `context` and returns what is wrong, with field paths (locations are added later).
    func check(_ context: ValidationContext) -> [Diagnostic]
}

/// What a rule sees: the VM after defaults, the cluster config, the drivers and the attachment definitions.
struct ValidationContext: Sendable {
    var vm: VirtualMachine
    var config: ClusterConfig
    var drivers: DriverSet
    var attachments: [NetworkAttachmentDefinition]

    /// The interfaces with their indexes and paths.
    var interfaces: [(index: Int, interface: Interface, path: FieldPath)] {
        (vm.interfaces ?? []).enumerated().map { ($0.offset, $0.element, vm.interfacePath($0.offset)) }
    }

    /// The networks with their indexes and paths.
    var networks: [(index: Int, network: Network, path: FieldPath)] {
        (vm.networks ?? []).enumerated().map { ($0.offset, $0.element, vm.networkPath($0.offset)) }
    }
}
