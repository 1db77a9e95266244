import VMNetCore
import VMNetEngine
import VMNetManifest
import VMNetRuntime
import VMNetWiring

extension CNICall {
    /// ADD: validates the VM, plans the one interface `args.cni.logicNetworkName` names against the pod interface,
    /// records the attachment, wires it, and answers `prevResult` (or an empty result) with the links vmnet made.
    /// A refusal changes nothing; a failed step is rolled back.
    func add() throws(CNIError) -> JSONValue {
        let document = try CNIRequestDocument(input)
        let wiring = try self.wiring()
        guard let set = document.manifests(decoder: ManifestDecoder(drivers: wiring.drivers)) else {
            throw CNIError(
                .invalidNetworkConfig,
                "args.cni.vmnet is missing: give the VM's networking in the network selection element's cni-args (`vmnet pod-annotations --cni-binding` prints it)")
        }
        let manifests: Manifests
        do {
            manifests = try wiring.validate(set)
        } catch {
            throw Self.refusal(error)
        }
        let (vm, network) = try selection(in: manifests, logicNetworkName: document.logicNetworkName)
        let podInterface = try podInterface(for: network, of: vm, in: manifests, wiring: wiring)
        var single = vm
        single.interfaces = vm.interfaces?.filter { $0.name == network }
        single.networks = vm.networks?.filter { $0.name == network }
        let record = AttachmentRecord(
            containerID: call.containerID, ifname: call.ifname, network: networkName, namespace: call.netns,
            vm: Self.reference(of: vm, network: network))
        let namespace = NetworkNamespace(path: call.netns)
        let wired: WiredVM
        do {
            try state.save(record)
            wired = try self.wiring(podInterfaces: [network: podInterface]).up(single, of: manifests, in: namespace, filedAs: record.vm)
        } catch let error as ExecutorError {
            throw CNIError(.ioFailure, error.description)
        } catch let error as WiringError {
            forget(record, in: namespace)
            throw Self.refusal(error)
        } catch {
            throw CNIError(.wiringFailed, "\(error)")
        }
        log("vmnet-cni: \(call.containerID)/\(call.ifname): VM \(vm.name) network \(network) on \(podInterface): \(wired.outcome.action.rawValue), \(wired.outcome.stepsMade) steps made")
        return result(adding: wired.plan, in: namespace)
    }

    /// What the attachment's journal is filed under: the VM, its interface's position (three digits, so journals
    /// sort in interface order for `vmnet domain`) and the network, e.g. `default/vm1@001.blue`. Kubernetes names
    /// hold no `@`.
    static func reference(of vm: VirtualMachine, network: String) -> VMReference {
        let position = String((vm.interfaces ?? []).firstIndex { $0.name == network } ?? 0)
        let padded = String(repeating: "0", count: max(0, 3 - position.count)) + position
        return VMReference(namespace: vm.namespace, name: "\(vm.name)@\(padded).\(network)")
    }

    /// The VM of the request and the network to wire.
    private func selection(in manifests: Manifests, logicNetworkName: String?) throws(CNIError) -> (VirtualMachine, String) {
        guard manifests.machines.count == 1, let vm = manifests.machines.first else {
            throw CNIError(.invalidNetworkConfig, "args.cni.vmnet must hold one VM, not \(manifests.machines.count)")
        }
        let networks = (vm.networks ?? []).map(\.name)
        guard let network = logicNetworkName ?? (networks.count == 1 ? networks[0] : nil) else {
            throw CNIError(.invalidNetworkConfig, "args.cni.logicNetworkName is missing: name the network of VM \(vm.name) this attachment wires (one of \(networks.joined(separator: ", ")))")
        }
        guard networks.contains(network), vm.interfaces?.contains(where: { $0.name == network }) == true else {
            throw CNIError(.invalidNetworkConfig, "args.cni.logicNetworkName '\(network)' is not a network of VM \(vm.name) with an interface: its networks are \(networks.joined(separator: ", "))")
        }
        return (vm, network)
    }

    /// The pod interface the network's binding takes: `CNI_IFNAME` when chained after the plugin that made it
    /// (`prevResult` holds an interface of that name inside the sandbox), else the one vmnet names for the network.
    private func podInterface(
        for network: String, of vm: VirtualMachine, in manifests: Manifests, wiring: Wiring
    ) throws(CNIError) -> String {
        let made = config.prevResult?["interfaces"]?.elements ?? []
        if made.contains(where: { $0["name"]?.text == call.ifname && !($0["sandbox"]?.text ?? "").isEmpty }) {
            return call.ifname
        }
        do throws(PlanError) {
            let assignments = try Planner(drivers: wiring.drivers).assignPodInterfaces(
                vm, config: manifests.config, attachments: manifests.attachments, options: wiring.plannerOptions)
            guard let name = assignments[network]?.podInterface else {
                throw PlanError("no backend names a pod interface for network \(network)")
            }
            return name
        } catch {
            throw CNIError(.planFailed, "cannot plan VM \(vm.name): \(error.message)")
        }
    }

    /// Drops the record of an ADD that failed, unless a journal is left to undo (a rollback that failed).
    private func forget(_ record: AttachmentRecord, in namespace: NetworkNamespace) {
        let journal = try? state.journal(of: record.vm, in: namespace)
        if journal == nil { try? state.removeAttachment(containerID: record.containerID, ifname: record.ifname) }
    }

    /// The answer: `prevResult` (or an empty result) in the request's version, with every link the plan made in the
    /// pod appended, MAC and sandbox included.
    private func result(adding plan: VMPlan, in namespace: NetworkNamespace) -> JSONValue {
        var result: [String: JSONValue] = ["interfaces": .array([]), "ips": .array([]), "dns": .object([:])]
        if case .object(let previous) = config.prevResult { result = previous }
        result["cniVersion"] = .string(config.cniVersion)
        let macs = (try? PodFactsReader(stateDirectory: state).currentFacts(in: namespace).interfaces) ?? []
        // The pod's links as they are now: a binding may have given the pod interface another MAC.
        var interfaces = (result["interfaces"]?.elements ?? []).map { entry -> JSONValue in
            guard case .object(var fields) = entry, fields["sandbox"]?.text == call.netns,
                let mac = macs.first(where: { $0.name == fields["name"]?.text })?.macAddress
            else { return entry }
            fields["mac"] = .string(mac)
            return .object(fields)
        }
        for name in plan.madeLinks {
            var entry: [String: JSONValue] = ["name": .string(name), "sandbox": .string(call.netns)]
            if let mac = macs.first(where: { $0.name == name })?.macAddress { entry["mac"] = .string(mac) }
            interfaces.append(.object(entry))
        }
        result["interfaces"] = .array(interfaces)
        return .object(result)
    }

    /// A pipeline refusal as a CNI error: invalid manifests are code 100 with every error in `details`
    /// (`stdin:LINE:COLUMN: path: message [rule]`), plan failures 101, the executor's 102.
    static func refusal(_ error: WiringError) -> CNIError {
        switch error {
        case .unreadable(let diagnostics), .invalid(let diagnostics):
            let errors = diagnostics.filter { $0.severity == .error }
            let first = errors.first.map { "\($0.path): \($0.message) [\($0.rule)]" } ?? "invalid"
            return CNIError(
                .manifestInvalid, "args.cni.vmnet does not validate: \(first)",
                details: errors.map(\.formatted).joined(separator: "\n"))
        case .podContext(let message):
            return CNIError(.invalidNetworkConfig, message)
        case .invalidNATBackend:
            return CNIError(.invalidNetworkConfig, error.description)
        case .planFailed:
            return CNIError(.planFailed, error.description)
        case .executor(let failure):
            return CNIError(.wiringFailed, failure.description)
        }
    }
}

extension VMPlan {
    /// The links the plan creates in the pod (bridges, taps, MAC-VLANs), under their final names.
    var madeLinks: [String] {
        var names: [String] = []
        for step in steps {
            switch step {
            case .createBridge(let name, _, _), .createTap(let name, _, _, _, _), .createMACVLAN(let name, _, _, _):
                names.append(name)
            case .renameLink(let from, let to):
                if let index = names.firstIndex(of: from) { names[index] = to }
            default:
                break
            }
        }
        return names
    }
}
