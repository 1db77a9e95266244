import VMNetCore

extension Planner {
    /// The host devices `vm` needs, in `spec.networks` order: one claim per network whose interface's binding
    /// declares `BindingCapabilities.hostDevice`, with the attachment the network's backend names. The backends
    /// are asked as `plan` asks them; nothing on the host changes.
    public func hostDeviceClaims(
        _ vm: VirtualMachine, config: ClusterConfig, attachments: [NetworkAttachmentDefinition] = [],
        options: Options = Options()
    ) throws(PlanError) -> [HostDeviceClaim] {
        let vm = vm.withoutAbsentInterfaces
        let requests = (vm.networks ?? []).compactMap { network -> (Network, String, HostDeviceRequest)? in
            guard let interface = vm.interfaces?.first(where: { $0.name == network.name }),
                let binding = interface.binding?.name,
                let request = drivers.bindings[binding]?.manifest.capabilities.hostDevice
            else { return nil }
            return (network, binding, request)
        }
        guard !requests.isEmpty else { return [] }
        let assignments = try assignPodInterfaces(vm, config: config, attachments: attachments, options: options)
        return requests.map { network, binding, request in
            let name = assignments[network.name]?.attachment
            return HostDeviceClaim(
                network: network.name, binding: binding, backend: network.source?.backend ?? "", request: request,
                attachmentName: name, attachment: attachments.first { $0.qualifiedName == name })
        }
    }
}
