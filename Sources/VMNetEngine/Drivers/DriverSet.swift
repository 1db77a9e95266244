import VMNetCore
/// The bindings and backends known to this process, by manifest key.
public struct DriverSet: Sendable {
    /// Bindings by name.
    public private(set) var bindings: [String: any Binding] = [:]
    /// Backends by name.
    public private(set) var backends: [String: any Backend] = [:]

    /// Creates a set; when two drivers share a name the first wins.
    public init(bindings: [any Binding], backends: [any Backend]) {
        for binding in bindings where self.bindings[binding.manifest.name] == nil {
            self.bindings[binding.manifest.name] = binding
        }
        for backend in backends where self.backends[backend.manifest.name] == nil {
            self.backends[backend.manifest.name] = backend
        }
    }

    /// Binding names, sorted.
    public var bindingNames: [String] { bindings.keys.sorted() }
    /// Backend names, sorted.
    public var backendNames: [String] { backends.keys.sorted() }

    /// The options a network's mapping for `backend` takes: the backend's own, then those bindings declare they
    /// read from it (`BindingCapabilities.networkOptions`), bindings in name order, the first spec of a name kept.
    public func networkOptions(forBackend backend: String) -> [OptionSpec] {
        var specs = backends[backend]?.manifest.options ?? []
        for name in bindingNames {
            for spec in bindings[name]?.manifest.capabilities.networkOptions[backend] ?? []
            where !specs.contains(where: { $0.name == spec.name }) {
                specs.append(spec)
            }
        }
        return specs
    }

    /// The backends that provide the pod's own network, by name, sorted.
    public var defaultNetworkBackends: [String] {
        backends.values.filter { $0.manifest.capabilities.providesDefaultNetwork }.map(\.manifest.name).sorted()
    }

    /// The backend that provides the pod's own network, for the interface added when a VM lists none.
    public var defaultNetworkBackend: (any Backend)? {
        backends.values.sorted { $0.manifest.name < $1.manifest.name }
            .first { $0.manifest.capabilities.providesDefaultNetwork }
    }
}
