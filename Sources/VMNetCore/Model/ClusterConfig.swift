/// The cluster's network settings: the `data` of the `kubevirt-config` ConfigMap.
///
/// Values are strings, as in a ConfigMap. Drivers declare the keys that gate them (`permit…`) in their manifests;
/// the core reads `defaultNetworkInterface` itself, and `network.binding`, the registry of binding plugins.
public struct ClusterConfig: Codable, Sendable, Equatable {
    /// The key naming the binding of the interface added when a VM lists none.
    public static let defaultNetworkInterfaceKey = "defaultNetworkInterface"
    /// The key holding KubeVirt's `network.binding` section (YAML or JSON text): the binding plugins permitted.
    public static let bindingPluginsKey = "network.binding"
    /// The key naming the firewall backend of NAT rules (`auto`, `nftables`, `iptables`); vmnet's own setting.
    public static let natBackendKey = "natBackend"
    /// The binding used when the config names none, as in KubeVirt and the spec.
    public static let defaultBindingName = "bridge"

    /// The ConfigMap's `data`.
    public var values: [String: String]
    /// The binding plugins the cluster permits, by name, as KubeVirt's `network.binding`; `nil` when the config
    /// has no registry: then every loaded binding driver may be named by `binding: {name}`.
    package var bindingPlugins: [String: BindingPluginRegistration]?

    /// Creates a config from ConfigMap data, with no binding plugin registry.
    public init(_ values: [String: String] = [:]) {
        self.values = values
    }

    /// The binding for the default interface; an empty value means the default, as in KubeVirt.
    public var defaultBinding: String {
        let value = values[Self.defaultNetworkInterfaceKey] ?? ""
        return value.isEmpty ? Self.defaultBindingName : value
    }

    /// The NAT backend the cluster names; nil when unset or empty (the host's choice, `auto` by default).
    public var natBackend: String? {
        guard let value = values[Self.natBackendKey], !value.isEmpty else { return nil }
        return value
    }

    /// The boolean at `key`, or `fallback` when unset; `nil` when the value is neither `"true"` nor `"false"`.
    public func flag(_ key: String, default fallback: Bool) -> Bool? {
        guard let value = values[key] else { return fallback }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }
}
