import VMNetCore
import VMNetEngine

/// Decodes the networking part of a `VM`, `VirtualMachine` or `VirtualMachineInstance` document; everything
/// outside networking (disks, volumes, …) is skipped unread.
struct VirtualMachineDecoder {
    let drivers: DriverSet

    func decode(_ root: Node, kind: VirtualMachine.Kind, fallbackName: String, _ context: inout DecodingContext) -> VirtualMachine {
        var vm = VirtualMachine(name: fallbackName)
        vm.kind = kind
        if let metadata = root["metadata"] {
            if let name = metadata["name"], let text = context.string(name, at: "metadata.name") { vm.name = text }
            if let namespace = metadata["namespace"], let text = context.string(namespace, at: "metadata.namespace") {
                vm.namespace = text
            }
        }
        var spec: Node? = root
        var path = FieldPath()
        for key in kind.specPath.components {
            guard case .key(let name) = key, let entry = spec?.entry(name) else {
                spec = nil
                break
            }
            path = path.appending(name)
            spec = entry.value
            context.record(path, entry.value, keyLocation: entry.key.location)
        }
        guard let spec, spec.entries != nil else { return vm }
        if let hostname = spec["hostname"] { vm.hostname = context.string(hostname, at: path.appending("hostname")) }
        if let subdomain = spec["subdomain"] { vm.subdomain = context.string(subdomain, at: path.appending("subdomain")) }
        if let networks = spec.entry("networks") {
            let networksPath = path.appending("networks")
            context.record(networksPath, networks.value, keyLocation: networks.key.location)
            vm.networks = context.sequence(networks.value, at: networksPath)?.enumerated().compactMap { index, node in
                context.record(networksPath.appending(index), node)
                return NetworkDecoder(drivers: drivers).decode(node, at: networksPath.appending(index), &context)
            }
        }
        guard let domain = spec.entry("domain") else { return vm }
        let domainPath = path.appending("domain")
        context.record(domainPath, domain.value, keyLocation: domain.key.location)
        if let cpu = domain.value.entry("cpu") {
            context.record(domainPath.appending("cpu"), cpu.value, keyLocation: cpu.key.location)
            vm.cpu = decodeCPU(cpu.value, at: domainPath.appending("cpu"), &context)
        }
        guard let devices = domain.value.entry("devices") else { return vm }
        let devicesPath = domainPath.appending("devices")
        context.record(devicesPath, devices.value, keyLocation: devices.key.location)
        decodeDevices(devices.value, at: devicesPath, into: &vm, &context)
        return vm
    }

    private func decodeDevices(_ devices: Node, at path: FieldPath, into vm: inout VirtualMachine, _ context: inout DecodingContext) {
        if let node = devices["autoattachPodInterface"] {
            context.record(path.appending("autoattachPodInterface"), node)
            vm.autoattachPodInterface = context.bool(node, at: path.appending("autoattachPodInterface"))
        }
        if let node = devices["networkInterfaceMultiqueue"] {
            context.record(path.appending("networkInterfaceMultiqueue"), node)
            vm.networkInterfaceMultiqueue = context.bool(node, at: path.appending("networkInterfaceMultiqueue"))
        }
        if let interfaces = devices.entry("interfaces") {
            let interfacesPath = path.appending("interfaces")
            context.record(interfacesPath, interfaces.value, keyLocation: interfaces.key.location)
            vm.interfaces = context.sequence(interfaces.value, at: interfacesPath)?.enumerated().compactMap { index, node in
                context.record(interfacesPath.appending(index), node)
                return InterfaceDecoder(drivers: drivers).decode(node, at: interfacesPath.appending(index), &context)
            }
        }
    }

    private func decodeCPU(_ node: Node, at path: FieldPath, _ context: inout DecodingContext) -> CPUTopology? {
        guard node.entries != nil else {
            context.typeError(node, at: path, expected: "a mapping")
            return nil
        }
        var topology = CPUTopology()
        for key in ["cores", "sockets", "threads"] {
            guard let value = node[key] else { continue }
            context.record(path.appending(key), value)
            let number = context.integer(value, at: path.appending(key))
            switch key {
            case "cores": topology.cores = number
            case "sockets": topology.sockets = number
            default: topology.threads = number
            }
        }
        return topology
    }
}
