/// An entry of `spec.networks`: a named backend the VM's interfaces connect to.
public struct Network: Codable, Sendable, Equatable {
    /// The network's name, which one interface must share.
    public var name: String
    /// Every backend key the entry spelled (`pod`, `multus`, …). Exactly one is valid; the list keeps the mistakes
    /// so validation can name them.
    public var sources: [NetworkSource]

    /// Creates a network.
    public init(name: String, sources: [NetworkSource]) {
        self.name = name
        self.sources = sources
    }

    /// The backend, when exactly one was given.
    public var source: NetworkSource? {
        sources.count == 1 ? sources[0] : nil
    }
}

/// The backend of a network and its options, e.g. `multus: {networkName: red}`.
public struct NetworkSource: Codable, Sendable, Equatable {
    /// The backend driver's name: the key used in the manifest.
    public var backend: String
    /// The backend's options as written.
    public var options: [String: OptionValue]

    /// Creates a source.
    public init(backend: String, options: [String: OptionValue] = [:]) {
        self.backend = backend
        self.options = options
    }
}
