import VMNetCore
/// Checks VM manifests against the spec's rules, KubeVirt's admission rules and every driver's declared
/// capabilities, returning all diagnostics at once.
public struct Validator: Sendable {
    /// KubeVirt's limit on interfaces and on networks per VM.
    public static let maximumInterfaces = 256
    /// The NIC models KubeVirt allows: the spec's six and `igb` (KubeVirt v1.4).
    public static let supportedModels = ["e1000", "e1000e", "igb", "ne2k_pci", "pcnet", "rtl8139", "virtio"]

    /// The drivers whose manifests and checks take part.
    public var drivers: DriverSet

    private let rules: [any ValidationRule] = [
        NetworkRules(), InterfaceRules(), BindingPluginRules(), PortRules(), DHCPOptionRules(), StateRules(), BootOrderRules(), MultiqueueRules(), CapabilityRules(), DriverRules(),
    ]

    /// Creates a validator over `drivers`.
    public init(drivers: DriverSet) {
        self.drivers = drivers
    }

    /// Applies the defaults to `vm`, then runs every rule.
    public func validate(
        _ vm: VirtualMachine, config: ClusterConfig = ClusterConfig(),
        attachments: [NetworkAttachmentDefinition] = []
    ) -> ValidationResult {
        var diagnostics: [Diagnostic] = []
        let defaulted = Defaults(drivers: drivers).apply(to: vm, config: config, diagnostics: &diagnostics)
        let context = ValidationContext(vm: defaulted, config: config, drivers: drivers, attachments: attachments)
        for rule in rules {
            diagnostics += rule.check(context)
        }
        return ValidationResult(vm: defaulted, diagnostics: diagnostics)
    }

    /// Checks the cluster config's values: the default binding and every driver's gate flags.
    /// Paths are `data.<key>` of the ConfigMap.
    public func validate(config: ClusterConfig) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let data: FieldPath = "data"
        if let value = config.values[ClusterConfig.defaultNetworkInterfaceKey], !value.isEmpty,
            !defaultableBindings.contains(value)
        {
            diagnostics.append(
                CoreRule.configValueInvalid.error(
                    at: data.appending(ClusterConfig.defaultNetworkInterfaceKey),
                    "invalid default-network-interface in config: \(value) (use one of \(defaultableBindings.joined(separator: ", ")))"
                ))
        }
        let gateKeys = Set(drivers.bindings.values.flatMap { $0.manifest.capabilities.configGates.map(\.key) })
        for key in gateKeys.sorted() where config.values[key] != nil && config.flag(key, default: true) == nil {
            diagnostics.append(
                CoreRule.configValueInvalid.error(
                    at: data.appending(key), "\(key) must be \"true\" or \"false\", not \"\(config.values[key]!)\""))
        }
        for (name, registration) in (config.bindingPlugins ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let type = registration.domainAttachmentType,
                BindingPluginRegistration.DomainAttachmentType(rawValue: type) == nil
            else { continue }
            diagnostics.append(
                CoreRule.configValueInvalid.warning(
                    at: data.appending(ClusterConfig.bindingPluginsKey).appending(name).appending("domainAttachmentType"),
                    "domainAttachmentType \(type) is neither tap nor managedTap: KubeVirt would give the '\(name)' "
                        + "interface no domain device; vmnet uses the device the \(name) plugin plans"))
        }
        return diagnostics
    }

    /// The bindings that can serve the default interface: those that work on the default network's backend.
    var defaultableBindings: [String] {
        guard let backend = drivers.defaultNetworkBackend?.manifest.name else { return [] }
        return drivers.bindingNames.filter { drivers.bindings[$0]!.manifest.capabilities.backends?.contains(backend) ?? true }
    }
}
