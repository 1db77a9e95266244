import VMNetCore
import VMNetEngine

/// `capabilities.enforced-by-core`: VMs built to break each constraint the manifest declares, checked by the
/// core's validator with the plugin loaded. Each must be rejected (or warned about) by the core's rule for it,
/// which is what lets a plugin declare a constraint instead of checking it.
struct CoreEnforcement {
    /// A VM and the rule the core must (or must not) report on it.
    private struct Expectation {
        var what: String
        var vm: VirtualMachine
        var config = ClusterConfig()
        var rule: String
        var reported: Bool
    }

    let drivers: DriverSet
    /// The backends the corpus knows: the spec's and the companions'.
    let backends: [String]

    /// The verdict for a binding.
    func binding(_ manifest: BindingManifest) -> CheckResult {
        let capabilities = manifest.capabilities
        let name = manifest.name
        var expectations: [Expectation] = []
        if let allowed = capabilities.backends {
            for backend in backends {
                expectations.append(Expectation(
                    what: "interface bound by \(name) on a \(backend) network", vm: vm(binding: name, backend: backend),
                    rule: CoreRule.bindingNetworkUnsupported.rawValue, reported: !allowed.contains(backend)))
            }
        }
        for gate in capabilities.configGates {
            let backend = gate.backends?.first ?? capabilities.backends?.first ?? "pod"
            for open in [false, true] {
                expectations.append(Expectation(
                    what: "interface bound by \(name) on a \(backend) network with \(gate.key) \"\(open)\"",
                    vm: vm(binding: name, backend: backend), config: ClusterConfig([gate.key: "\(open)"]),
                    rule: CoreRule.bindingNotPermitted.rawValue, reported: !open))
            }
        }
        let backend = capabilities.backends?.first ?? "pod"
        for reserved in capabilities.reservedMACAddresses {
            var taken = vm(binding: name, backend: backend)
            taken.interfaces![0].macAddress = reserved.address
            expectations.append(Expectation(
                what: "interface bound by \(name) with the reserved MAC \(reserved.address)", vm: taken,
                rule: CoreRule.macAddressReserved.rawValue, reported: true))
        }
        var withPorts = vm(binding: name, backend: backend)
        withPorts.interfaces![0].ports = [Port(port: 80)]
        expectations.append(Expectation(
            what: "interface bound by \(name) with ports", vm: withPorts, rule: CoreRule.portsIgnored.rawValue,
            reported: !capabilities.forwardsPorts))
        var withOptions = vm(binding: name, backend: backend)
        withOptions.interfaces![0].dhcpOptions = DHCPOptions(bootFileName: "boot.ipxe")
        expectations.append(Expectation(
            what: "interface bound by \(name) with a DHCP boot file", vm: withOptions,
            rule: CoreRule.dhcpOptionsIgnored.rawValue, reported: !capabilities.servesDHCP))
        var withModel = vm(binding: name, backend: backend)
        withModel.interfaces![0].model = "e1000"
        expectations.append(Expectation(
            what: "interface bound by \(name) with model e1000", vm: withModel, rule: CoreRule.modelIgnored.rawValue,
            reported: !capabilities.usesModel))
        return verdict(expectations)
    }

    /// The verdict for a backend: a VM combining it with a backend it conflicts with is rejected.
    func backend(_ manifest: BackendManifest) -> CheckResult {
        let expectations = manifest.capabilities.conflictsWith.map { other in
            var both = vm(binding: drivers.bindingNames.first ?? "bridge", backend: manifest.name)
            both.interfaces!.append(Interface(name: "other", bindings: both.interfaces![0].bindings))
            both.networks!.append(network("other", backend: other))
            return Expectation(
                what: "networks from \(manifest.name) and \(other) in one VM", vm: both,
                rule: CoreRule.backendConflict.rawValue, reported: true)
        }
        return verdict(expectations)
    }

    private func verdict(_ expectations: [Expectation]) -> CheckResult {
        let validator = Validator(drivers: drivers)
        var problems: [String] = []
        for expectation in expectations {
            let diagnostics = validator.validate(expectation.vm, config: expectation.config).diagnostics
            let reported = diagnostics.contains { $0.rule == expectation.rule }
            if reported != expectation.reported {
                problems.append(
                    "the core \(reported ? "reported" : "did not report") \(expectation.rule) on an \(expectation.what); "
                        + "check the manifest's capabilities (the core enforces exactly what they declare)")
            }
        }
        return .verdict(
            .capabilitiesEnforcedByCore, problems: problems,
            passed: expectations.isEmpty
                ? "the manifest declares no constraint for the core to enforce"
                : "the core enforces all \(expectations.count) declared constraints tried")
    }

    /// A VM with one interface `net`, bound by `binding`, on a network from `backend` whose string options (as
    /// the companion declares them) are filled in.
    private func vm(binding: String, backend: String) -> VirtualMachine {
        VirtualMachine(
            name: "conformance", interfaces: [Interface(name: "net", bindings: [BindingMethod(name: binding)])],
            networks: [network("net", backend: backend)])
    }

    private func network(_ name: String, backend: String) -> Network {
        let declared = drivers.backends[backend]?.manifest.options.filter { $0.type == .string }.map(\.name) ?? []
        let options = declared.contains("networkName") ? ["networkName": OptionValue.string("conformance-\(name)")] : [:]
        return Network(name: name, sources: [NetworkSource(backend: backend, options: options)])
    }
}
