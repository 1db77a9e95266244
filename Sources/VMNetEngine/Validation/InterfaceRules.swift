import VMNetCore
/// Rules on each entry of `spec.domain.devices.interfaces` that hold whatever its binding: count, names, the
/// network it names, exactly one known binding, model, MAC address and PCI address.
struct InterfaceRules: ValidationRule {
    func check(_ context: ValidationContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let vm = context.vm
        let interfaces = context.interfaces
        if interfaces.count > Validator.maximumInterfaces {
            let path = vm.devicesPath.appending("interfaces")
            diagnostics.append(
                CoreRule.interfacesTooMany.error(
                    at: path, "\(path) list exceeds the \(Validator.maximumInterfaces) element limit in length"))
        }
        var seen: [String: Int] = [:]
        for (index, interface, path) in interfaces {
            if let first = seen[interface.name] {
                diagnostics.append(
                    CoreRule.interfaceNameDuplicate.error(
                        at: path.appending("name"),
                        "Only one interface can be connected to one specific network (\"\(interface.name)\" is "
                            + "already used by \(vm.interfacePath(first)))"))
            } else {
                seen[interface.name] = index
            }
            diagnostics += nameDiagnostics(interface, path: path, vm: vm)
            diagnostics += bindingDiagnostics(interface, path: path, drivers: context.drivers)
            diagnostics += deviceDiagnostics(interface, path: path)
        }
        return diagnostics
    }

    private func nameDiagnostics(_ interface: Interface, path: FieldPath, vm: VirtualMachine) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let allowed = interface.name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        if interface.name.isEmpty || !allowed {
            diagnostics.append(
                CoreRule.interfaceNameInvalid.error(
                    at: path.appending("name"),
                    "Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_)"))
        }
        if vm.network(named: interface.name) == nil {
            let names = (vm.networks ?? []).map(\.name)
            let hint = NearestMatch.find(interface.name, in: names).map { " (did you mean '\($0)'? names are case-sensitive)" } ?? ""
            diagnostics.append(
                CoreRule.interfaceWithoutNetwork.error(
                    at: path.appending("name"),
                    "interface '\(interface.name)' has no network: add a network named '\(interface.name)' to "
                        + "\(vm.specPath.appending("networks"))\(hint)"))
        }
        return diagnostics
    }

    private func bindingDiagnostics(_ interface: Interface, path: FieldPath, drivers: DriverSet) -> [Diagnostic] {
        let known = drivers.bindingNames.joined(separator: ", ")
        let prefix = "logical \(interface.name) interface must have exactly one binding method or binding plugin"
        switch interface.bindings.count {
        case 0:
            return [CoreRule.interfaceBindingCount.error(at: path, "\(prefix): add one of \(known)")]
        case 1:
            let method = interface.bindings[0]
            let name = method.name
            guard drivers.bindings[name] == nil else { return [] }
            let hint = NearestMatch.find(name, in: drivers.bindingNames).map { " (did you mean '\($0)'?)" } ?? ""
            let missing = switch method.spelling ?? .key {
            case .key: "binding '\(name)' is not provided by any loaded binding plugin\(hint)"
            case .plugin: "the network binding plugin '\(name)' is not loaded\(hint)"
            case .passtBinding: "passtBinding is served by the binding plugin '\(name)', which is not loaded"
            }
            let at = method.spelling == .plugin ? path.appending("binding").appending("name") : path.appending(method.manifestKey)
            return [CoreRule.bindingUnknown.error(at: at, "\(missing); loaded: \(known)")]
        default:
            let names = interface.bindings.map(\.manifestKey)
            return [
                CoreRule.interfaceBindingCount.error(
                    at: path.appending(names[1]), "\(prefix): it has \(names.joined(separator: " and "))")
            ]
        }
    }

    private func deviceDiagnostics(_ interface: Interface, path: FieldPath) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let namePath = path.appending("name")
        if let model = interface.model, !Validator.supportedModels.contains(model) {
            diagnostics.append(
                CoreRule.modelUnsupported.error(
                    at: path.appending("model"),
                    "interface \(namePath) uses model \(model) that is not supported. "
                        + "Use one of \(Validator.supportedModels.joined(separator: ", "))"))
        }
        if let mac = interface.macAddress {
            do {
                let address = try MACAddress(parsing: mac)
                if address.isMulticast {
                    diagnostics.append(
                        CoreRule.macAddressMulticast.warning(
                            at: path.appending("macAddress"),
                            "interface \(namePath) has a multicast MAC address (\(mac)): KubeVirt admits it, but libvirt "
                                + "refuses to define the domain, so the VM will not start; a NIC needs a unicast address "
                                + "(the lowest bit of the first octet 0)"))
                }
            } catch .tooLong {
                diagnostics.append(
                    CoreRule.macAddressTooLong.error(
                        at: path.appending("macAddress"), "interface \(namePath) has too long MAC address (\(mac))."))
            } catch {
                diagnostics.append(
                    CoreRule.macAddressMalformed.error(
                        at: path.appending("macAddress"),
                        "interface \(namePath) has malformed MAC address (\(mac)). Write six hex pairs joined by "
                            + "':' or '-', e.g. de:ad:00:00:be:af"))
            }
        }
        if let address = interface.pciAddress, (try? PCIAddress(parsing: address)) == nil {
            diagnostics.append(
                CoreRule.pciAddressMalformed.error(
                    at: path.appending("pciAddress"),
                    "interface \(namePath) has malformed PCI address (\(address)). Write domain:bus:slot.function "
                        + "in hex with a function of 0-7, e.g. 0000:81:00.1"))
        }
        return diagnostics
    }
}
