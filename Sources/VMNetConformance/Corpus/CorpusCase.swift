import VMNetCore
import VMNetEngine

/// One VM of the corpus a plugin is checked against: a spec example turned towards the plugin under test.
struct CorpusCase: Sendable {
    /// How the example was turned.
    enum Variant: String, Sendable {
        /// The example with the plugin put in place, nothing else changed.
        case asWritten = "as written"
        /// Without the optional interface fields (ports, model, MAC, DHCP options, boot order).
        case plain
        /// `plain` plus two ports.
        case withPorts = "with ports"
        /// `plain` plus an e1000 model.
        case withModel = "with model e1000"
        /// Every optional field set: MAC, model, ports, DHCP options, boot order, PCI address, multiqueue.
        case decorated
        /// Every string option the backend declares filled in.
        case optionsFilled = "options filled"
        /// The example's interface and network repeated to KubeVirt's limit of 256.
        case largest = "256 interfaces"
    }

    /// Names the case in reports, e.g. `multus-ovs, interface ovs-net bound by tap (with ports)`.
    var label: String
    /// The spec example it comes from.
    var example: String
    var variant: Variant
    /// The VM as written; the core applies the defaults.
    var vm: VirtualMachine
    var config: ClusterConfig
    var attachments: [NetworkAttachmentDefinition]
    /// For a binding, the index of the interface it binds; for a backend, unused.
    var interfaceIndex: Int
}

extension CorpusCase {
    /// The cases for the binding named `binding`: every interface of every example bound by it, in each variant,
    /// the last interface of a VM with 256, and the default interface of the multiqueue example with the binding as
    /// the cluster's default.
    static func binding(_ binding: String) -> [CorpusCase] {
        var cases: [CorpusCase] = []
        for example in SpecExample.all {
            for (index, interface) in (example.vm.interfaces ?? []).enumerated() {
                var base = example.vm
                base.interfaces![index].bindings = [BindingMethod(name: binding)]
                for variant in [Variant.asWritten, .plain, .withPorts, .withModel, .decorated] {
                    var vm = base
                    vm.interfaces![index] = Self.interface(base.interfaces![index], variant, position: index)
                    if variant == .decorated {
                        vm.networkInterfaceMultiqueue = true
                        vm.cpu = CPUTopology(cores: 4)
                    }
                    cases.append(CorpusCase(
                        label: "\(example.name), interface \(interface.name) bound by \(binding) (\(variant.rawValue))",
                        example: example.name, variant: variant, vm: vm, config: ClusterConfig(),
                        attachments: example.attachments, interfaceIndex: index))
                }
            }
        }
        if let largest = largest(binding: binding) {
            cases.append(CorpusCase(
                label: "bridge-multus, the last of 256 interfaces, each bound by \(binding)", example: "bridge-multus",
                variant: .largest, vm: largest, config: ClusterConfig(), attachments: [], interfaceIndex: 255))
        }
        if let multiqueue = SpecExample.all.first(where: { $0.name == "multiqueue" }) {
            cases.append(CorpusCase(
                label: "multiqueue, the default interface bound by \(binding) (the cluster's default binding)",
                example: multiqueue.name, variant: .asWritten, vm: multiqueue.vm,
                config: ClusterConfig([ClusterConfig.defaultNetworkInterfaceKey: binding]), attachments: [],
                interfaceIndex: 0))
        }
        return cases
    }

    /// The cases for the backend `manifest` describes: each network of each example taken from it, then every
    /// network at once, then every network with each string option it declares filled in, then 256 networks.
    static func backend(_ manifest: BackendManifest) -> [CorpusCase] {
        var cases: [CorpusCase] = []
        for example in SpecExample.all {
            let networks = example.vm.networks ?? []
            guard !networks.isEmpty else { continue }
            var choices: [(String, [Int], Variant)] = networks.indices.map {
                ("network \(networks[$0].name) from \(manifest.name)", [$0], .asWritten)
            }
            if networks.count > 1 {
                choices.append(("every network from \(manifest.name)", Array(networks.indices), .asWritten))
            }
            choices.append(("every network from \(manifest.name)", Array(networks.indices), .optionsFilled))
            for (what, indexes, variant) in choices {
                var vm = example.vm
                for index in indexes {
                    vm.networks![index].sources = [Self.source(networks[index], manifest, fill: variant == .optionsFilled)]
                }
                cases.append(CorpusCase(
                    label: "\(example.name), \(what) (\(variant.rawValue))", example: example.name, variant: variant,
                    vm: vm, config: ClusterConfig(), attachments: example.attachments, interfaceIndex: 0))
            }
        }
        if let largest = largest(backend: manifest) {
            cases.append(CorpusCase(
                label: "bridge-multus, 256 networks, each from \(manifest.name)", example: "bridge-multus",
                variant: .largest, vm: largest, config: ClusterConfig(), attachments: [], interfaceIndex: 0))
        }
        return cases
    }

    /// The bridge-multus example with its interface and network repeated to 256 (`net0`…`net255`), each bound by
    /// `binding` (or, with `binding` nil, as written) and each network from `backend` (or as written).
    static func largest(binding: String? = nil, backend: BackendManifest? = nil) -> VirtualMachine? {
        guard let example = SpecExample.all.first(where: { $0.name == "bridge-multus" }),
            let interface = example.vm.interfaces?.first, let network = example.vm.networks?.first
        else { return nil }
        var vm = example.vm
        vm.interfaces = (0..<Validator.maximumInterfaces).map { index in
            var copy = interface
            copy.name = "net\(index)"
            if let binding { copy.bindings = [BindingMethod(name: binding)] }
            return copy
        }
        vm.networks = (0..<Validator.maximumInterfaces).map { index in
            var copy = network
            copy.name = "net\(index)"
            if let backend { copy.sources = [source(network, backend, fill: false)] }
            return copy
        }
        return vm
    }

    private static func interface(_ interface: Interface, _ variant: Variant, position: Int) -> Interface {
        guard variant != .asWritten else { return interface }
        var plain = interface
        plain.ports = nil
        plain.model = nil
        plain.macAddress = nil
        plain.dhcpOptions = nil
        plain.bootOrder = nil
        plain.pciAddress = nil
        let ports = [Port(name: "http", port: 80), Port(name: "dns", port: 53, protocol: "UDP")]
        switch variant {
        case .withPorts: plain.ports = ports
        case .withModel: plain.model = "e1000"
        case .decorated:
            plain.ports = ports
            plain.model = "e1000"
            plain.macAddress = "02:42:ac:11:00:\(position < 16 ? "0" : "")\(String(position, radix: 16))"
            plain.dhcpOptions = DHCPOptions(bootFileName: "boot.ipxe", tftpServerName: "tftp.example.com")
            plain.bootOrder = position + 1
            plain.pciAddress = "0000:00:1\(position % 10).0"
        default: break
        }
        return plain
    }

    /// The network's source moved to the backend: the options it declares with a matching type kept, and, when
    /// `fill` is set, every string option it declares given a value (the example's own, else the network's name).
    private static func source(_ network: Network, _ manifest: BackendManifest, fill: Bool) -> NetworkSource {
        let written = network.source?.options ?? [:]
        var options: [String: OptionValue] = [:]
        for option in manifest.options {
            if let value = written[option.name], value.matches(option.type) {
                options[option.name] = value
            } else if fill, option.type == .string {
                options[option.name] = .string(written["networkName"]?.stringValue ?? network.name)
            }
        }
        return NetworkSource(backend: manifest.name, options: options)
    }
}

extension OptionValue {
    /// Whether the value has the declared type.
    fileprivate func matches(_ type: OptionSpec.ValueType) -> Bool {
        switch (self, type) {
        case (.string, .string), (.bool, .bool), (.integer, .integer): true
        default: false
        }
    }
}

extension CorpusCase {
    /// The case's VM after the core's defaults and its diagnostics, found in this process; a case that crashed the
    /// core earlier (`label` in `crashed`) is not validated again and keeps its VM as written.
    func validated(
        by validator: Validator, label: String, log: EventLog, crashed: [String: String]
    ) -> (vm: VirtualMachine, core: [Diagnostic]?) {
        guard crashed[label] == nil else { return (vm, nil) }
        log.append(.calling(label: label))
        let result = validator.validate(vm, config: config, attachments: attachments)
        return (result.vm, result.diagnostics)
    }
}
