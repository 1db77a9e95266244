/// What every binding derives the same way from a plan request: the guest's MAC, queues, host name and NIC.
extension BindingPlanRequest {
    /// KubeVirt's cap on virtio queues.
    public static let maximumQueues = 256

    /// The pod interface, or the error KubeVirt gives when it is missing.
    public func requirePodInterface() throws(PlanError) -> PodInterface {
        guard let podInterface else {
            throw PlanError("pod link for interface \(interface.name) is missing: the pod has no interface for network \(network?.name ?? interface.name)")
        }
        return podInterface
    }

    /// The MAC the guest sees: the interface's `macAddress`, else `fallback` (the pod interface's, as KubeVirt
    /// delegates it), lower-case and colon-separated.
    public func guestMACAddress(fallback: String?) -> String? {
        if let written = interface.macAddress, let address = try? MACAddress(parsing: written) {
            return address.description
        }
        return fallback.flatMap { try? MACAddress(parsing: $0) }?.description
    }

    /// The queue count of the NIC and its tap: one per vCPU (at most 256) for a virtio NIC with multiqueue on, else 1.
    public var queueCount: Int {
        guard vm.networkInterfaceMultiqueue == true, interface.effectiveModel == "virtio" else { return 1 }
        return min(max(vm.vcpus, 1), Self.maximumQueues)
    }

    /// The guest's host name for DHCP: `spec.hostname`, else the VM name up to its first dot, at most 63 characters.
    public var hostname: String {
        let name = vm.hostname ?? String(vm.name.prefix { $0 != "." })
        return String(name.prefix(63))
    }

    /// The guest NIC of a tap-attached binding, with the interface's model, boot order, queues and PCI address.
    public func tapDevice(target: String, macAddress: String?, mtu: Int) -> DomainDevice {
        .interface(
            DomainInterface(
                name: interface.name, targetDevice: target,
                model: DomainInterface.Model(rawValue: interface.effectiveModel) ?? .virtio,
                macAddress: macAddress, mtu: mtu, bootOrder: interface.bootOrder,
                queues: queueCount > 1 ? queueCount : nil,
                pciAddress: interface.pciAddress.flatMap { try? PCIAddress(parsing: $0) }))
    }

    /// The tap step for this interface: MTU of the pod interface, the queue count, owned by the tap owner.
    public func createTap(_ name: String, mtu: Int) -> HostStep {
        .createTap(name: name, mtu: mtu, queues: queueCount, owner: tapOwner, group: tapGroup)
    }
}
