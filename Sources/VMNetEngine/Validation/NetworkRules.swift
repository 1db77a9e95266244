import VMNetCore
/// Rules on `spec.networks`: count, unique names, exactly one known backend each, an interface for each, and
/// backends that exclude each other.
struct NetworkRules: ValidationRule {
    func check(_ context: ValidationContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let vm = context.vm
        let networks = context.networks
        if networks.count > Validator.maximumInterfaces {
            diagnostics.append(
                CoreRule.networksTooMany.error(
                    at: vm.specPath.appending("networks"),
                    "\(vm.specPath.appending("networks")) list exceeds the \(Validator.maximumInterfaces) element limit in length"))
        }
        var seen: [String: Int] = [:]
        let interfaceNames = Set((vm.interfaces ?? []).map(\.name))
        for (index, network, path) in networks {
            if let first = seen[network.name] {
                diagnostics.append(
                    CoreRule.networkNameDuplicate.error(
                        at: path.appending("name"),
                        "Network with name \"\(network.name)\" already exists, every network must have a unique name "
                            + "(first defined at \(vm.networkPath(first)))"))
            } else {
                seen[network.name] = index
            }
            diagnostics += sourceDiagnostics(network, path: path, drivers: context.drivers)
            if !interfaceNames.contains(network.name) {
                diagnostics.append(
                    CoreRule.networkWithoutInterface.error(
                        at: path.appending("name"),
                        "network '\(network.name)' has no interface: add an interface named '\(network.name)' to "
                            + "\(vm.devicesPath.appending("interfaces"))"))
            }
        }
        diagnostics += conflictDiagnostics(context)
        return diagnostics
    }

    private func sourceDiagnostics(_ network: Network, path: FieldPath, drivers: DriverSet) -> [Diagnostic] {
        let known = drivers.backendNames.joined(separator: ", ")
        switch network.sources.count {
        case 0:
            return [
                CoreRule.networkSourceMissing.error(
                    at: path, "should have a network type: give network '\(network.name)' one of \(known)")
            ]
        case 1:
            let backend = network.sources[0].backend
            guard drivers.backends[backend] == nil else { return [] }
            let hint = NearestMatch.find(backend, in: drivers.backendNames).map { " (did you mean '\($0)'?)" } ?? ""
            return [
                CoreRule.backendUnknown.error(
                    at: path.appending(backend),
                    "network type '\(backend)' is not provided by any loaded backend plugin\(hint); loaded: \(known)")
            ]
        default:
            let names = network.sources.map(\.backend)
            return [
                CoreRule.networkSourceMultiple.error(
                    at: path.appending(names[1]),
                    "should have only one network type: network '\(network.name)' has \(names.joined(separator: " and "))")
            ]
        }
    }

    private func conflictDiagnostics(_ context: ValidationContext) -> [Diagnostic] {
        var firstUse: [String: Int] = [:]
        for (index, network, _) in context.networks {
            if let backend = network.source?.backend, firstUse[backend] == nil { firstUse[backend] = index }
        }
        var diagnostics: [Diagnostic] = []
        var reported: Set<[String]> = []
        for (backend, index) in firstUse.sorted(by: { $0.value < $1.value }) {
            guard let manifest = context.drivers.backends[backend]?.manifest else { continue }
            for other in manifest.capabilities.conflictsWith {
                guard let otherIndex = firstUse[other], !reported.contains([backend, other].sorted()) else { continue }
                reported.insert([backend, other].sorted())
                let later = max(index, otherIndex)
                let otherName = context.drivers.backends[other]?.manifest.displayName ?? other
                diagnostics.append(
                    CoreRule.backendConflict.error(
                        at: context.vm.networkPath(later),
                        "cannot combine \(manifest.displayName) with other CNIs across networks (network "
                            + "'\(context.networks[later].network.name)' uses \(later == index ? manifest.displayName : otherName))"))
            }
        }
        return diagnostics
    }
}
