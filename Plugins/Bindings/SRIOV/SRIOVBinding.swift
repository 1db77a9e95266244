import VMNetCore

/// The `sriov` binding: an SR-IOV virtual function passed through to the guest with vfio.
public struct SRIOVBinding: Binding {
    /// Creates the binding.
    public init() {}

    public let manifest = BindingManifest(
        name: "sriov",
        displayName: "SR-IOV",
        version: "0.1.0",
        summary: "Passes an SR-IOV virtual function through to the guest with vfio.",
        capabilities: BindingCapabilities(
            backends: ["multus"],
            forwardsPorts: false,
            servesDHCP: false,
            usesModel: false,
            addressFamilies: [],
            states: [],
            hostDevice: .attachmentResource
        )
    )

    /// No host steps: the allocated virtual function is passed through as a PCI host device.
    public func plan(_ request: BindingPlanRequest) throws(PlanError) -> BindingPlan {
        let interface = request.interface
        guard let function = request.hostDevice else {
            throw PlanError("no SR-IOV virtual function is allocated to interface \(interface.name)")
        }
        let device = DomainHostDevice(
            name: interface.name, alias: "ua-sriov-" + interface.name, sourceAddress: function, bootOrder: interface.bootOrder,
            guestAddress: interface.pciAddress.flatMap { try? PCIAddress(parsing: $0) })
        return BindingPlan(interface: interface.name, podInterface: nil, device: .hostDevice(device))
    }
}
