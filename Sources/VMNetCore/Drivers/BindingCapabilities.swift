/// What a binding driver is and what it can do, declared once so the core can enforce it for every driver alike.
public typealias BindingManifest = DriverManifest<BindingCapabilities>

/// The declared abilities and limits of a binding.
public struct BindingCapabilities: Codable, Sendable, Equatable {
    /// The backends the binding works with; `nil` means any.
    public var backends: [String]?
    /// Cluster-config switches that must be on for the binding to be used.
    public var configGates: [ConfigGate]
    /// Whether the interface's `ports` have an effect.
    public var forwardsPorts: Bool
    /// Whether the binding serves the guest DHCP, so `bootFileName` and `tftpServerName` reach it.
    public var servesDHCP: Bool
    /// Whether the NIC `model` has an effect (a passed-through device has its own).
    public var usesModel: Bool
    /// MAC addresses a guest must not take with this binding.
    public var reservedMACAddresses: [ReservedMACAddress]
    /// The address families the guest gets through the binding.
    public var addressFamilies: [IPFamily]
    /// The backends on which a VM using the binding cannot be live-migrated; `nil` means on none, `[]` on all.
    public var migrationBlockedOn: [String]?
    /// The interface `state` values the binding honours; `nil` means `up` and `down` (the core sets the link
    /// state of a tap NIC). `absent` must be declared; `[]` means the binding takes no `state` at all (SR-IOV).
    public var states: [InterfaceState]?
    /// Options the binding reads from its network's backend mapping, by backend name (masquerade's
    /// `pod: {vmNetworkCIDR: …}`): the decoder accepts and types them as if the backend had declared them, and the
    /// binding checks their values in its own `validate`.
    public var networkOptions: [String: [OptionSpec]]
    /// The host device each interface needs, which the host allocates and passes in `BindingPlanRequest.hostDevice`;
    /// `nil` for none.
    public var hostDevice: HostDeviceRequest?

    /// Creates capabilities.
    public init(
        backends: [String]? = nil, configGates: [ConfigGate] = [], forwardsPorts: Bool = false,
        servesDHCP: Bool = false, usesModel: Bool = true, reservedMACAddresses: [ReservedMACAddress] = [],
        addressFamilies: [IPFamily] = [.ipv4], migrationBlockedOn: [String]? = nil, states: [InterfaceState]? = nil,
        networkOptions: [String: [OptionSpec]] = [:], hostDevice: HostDeviceRequest? = nil
    ) {
        self.backends = backends
        self.configGates = configGates
        self.forwardsPorts = forwardsPorts
        self.servesDHCP = servesDHCP
        self.usesModel = usesModel
        self.reservedMACAddresses = reservedMACAddresses
        self.addressFamilies = addressFamilies
        self.migrationBlockedOn = migrationBlockedOn
        self.states = states
        self.networkOptions = networkOptions
        self.hostDevice = hostDevice
    }

    private enum CodingKeys: String, CodingKey {
        case backends, configGates, forwardsPorts, servesDHCP, usesModel, reservedMACAddresses, addressFamilies
        case migrationBlockedOn, states, networkOptions, hostDevice
    }

    /// The states the binding honours, defaults applied.
    public var honouredStates: [InterfaceState] { states ?? [.up, .down] }

    /// Decodes capabilities; a key a plugin leaves out takes its default, so manifests written for an older
    /// contract keep loading, and a key vmnet does not know is ignored (`hotplug`, which older manifests declare
    /// and nothing ever acted on).
    public init(from decoder: any Decoder) throws {
        let defaults = BindingCapabilities()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            backends: try container.decodeIfPresent([String].self, forKey: .backends),
            configGates: try container.decodeIfPresent([ConfigGate].self, forKey: .configGates) ?? defaults.configGates,
            forwardsPorts: try container.decodeIfPresent(Bool.self, forKey: .forwardsPorts) ?? defaults.forwardsPorts,
            servesDHCP: try container.decodeIfPresent(Bool.self, forKey: .servesDHCP) ?? defaults.servesDHCP,
            usesModel: try container.decodeIfPresent(Bool.self, forKey: .usesModel) ?? defaults.usesModel,
            reservedMACAddresses: try container.decodeIfPresent([ReservedMACAddress].self, forKey: .reservedMACAddresses)
                ?? defaults.reservedMACAddresses,
            addressFamilies: try container.decodeIfPresent([IPFamily].self, forKey: .addressFamilies)
                ?? defaults.addressFamilies,
            migrationBlockedOn: try container.decodeIfPresent([String].self, forKey: .migrationBlockedOn),
            states: try container.decodeIfPresent([InterfaceState].self, forKey: .states),
            networkOptions: try container.decodeIfPresent([String: [OptionSpec]].self, forKey: .networkOptions)
                ?? defaults.networkOptions,
            hostDevice: try container.decodeIfPresent(HostDeviceRequest.self, forKey: .hostDevice))
    }

    /// Encodes capabilities; the host-device request only for contract 1.3 and later, so older documents are as
    /// they were.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(backends, forKey: .backends)
        try container.encode(configGates, forKey: .configGates)
        try container.encode(forwardsPorts, forKey: .forwardsPorts)
        try container.encode(servesDHCP, forKey: .servesDHCP)
        try container.encode(usesModel, forKey: .usesModel)
        try container.encode(reservedMACAddresses, forKey: .reservedMACAddresses)
        try container.encode(addressFamilies, forKey: .addressFamilies)
        try container.encodeIfPresent(migrationBlockedOn, forKey: .migrationBlockedOn)
        try container.encodeIfPresent(states, forKey: .states)
        try container.encode(networkOptions, forKey: .networkOptions)
        if encoder.wantsDriverNeutralForms { try container.encodeIfPresent(hostDevice, forKey: .hostDevice) }
    }
}

/// A cluster-config flag (`"true"`/`"false"`) that permits a binding, on every backend or on some.
public struct ConfigGate: Codable, Sendable, Equatable {
    /// The ConfigMap data key, e.g. `permitBridgeInterfaceOnPodNetwork`.
    public var key: String
    /// The value when the ConfigMap does not set the key.
    public var defaultValue: Bool
    /// The backends the gate applies to; `nil` means all.
    public var backends: [String]?
    /// The error when the gate is closed, e.g. `Bridge on pod network configuration is not enabled under kubevirt-config`.
    public var message: String

    /// Creates a gate.
    public init(key: String, defaultValue: Bool, backends: [String]? = nil, message: String) {
        self.key = key
        self.defaultValue = defaultValue
        self.backends = backends
        self.message = message
    }

    /// Whether the gate governs interfaces on `backend`.
    public func applies(to backend: String) -> Bool {
        backends?.contains(backend) ?? true
    }
}

/// A MAC address a binding keeps for itself, with the reason given to users who pick it.
public struct ReservedMACAddress: Codable, Sendable, Equatable {
    /// The address, in any accepted spelling.
    public var address: String
    /// The error message.
    public var message: String

    /// Creates a reservation.
    public init(address: String, message: String) {
        self.address = address
        self.message = message
    }
}
