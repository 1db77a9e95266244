/// What a plugin provides: a binding (how an interface connects) or a backend (where a network comes from).
public enum PluginKind: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// A `Binding`: `bridge`, `masquerade`, `slirp`, `sriov`, ….
    case binding
    /// A `Backend`: `pod`, `multus`, `genie`, ….
    case backend

    /// The value of the C descriptor's `kind` field: `VMNET_PLUGIN_KIND_BINDING` (1) or `VMNET_PLUGIN_KIND_BACKEND` (2).
    public var abiValue: UInt32 {
        switch self {
        case .binding: 1
        case .backend: 2
        }
    }

    /// The kind whose C descriptor value is `abiValue`, if any.
    public init?(abiValue: UInt32) {
        guard let kind = Self.allCases.first(where: { $0.abiValue == abiValue }) else { return nil }
        self = kind
    }

    public var description: String { rawValue }
}
