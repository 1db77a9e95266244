/// A network option naming the private network a binding takes its gateway's and its guest's addresses from
/// (KubeVirt's `vmNetworkCIDR` and `vmIPv6NetworkCIDR` of a pod network). A binding declares the option in
/// `BindingCapabilities.networkOptions`, checks it in `validate` and reads it in `plan` through this one type, so
/// every binding that reads such an option checks and defaults it as KubeVirt does.
public struct GuestNetworkOption: Sendable, Equatable {
    /// The option's key in the network's backend mapping.
    public var key: String
    /// The family the network must be of.
    public var family: IPFamily
    /// The network when the option is not set.
    public var defaultNetwork: IPNetwork

    /// Creates an option; `defaultNetwork` must be a network of `family`.
    public init(_ key: String, family: IPFamily, defaultNetwork: IPNetwork) {
        self.key = key
        self.family = family
        self.defaultNetwork = defaultNetwork
    }

    /// The spec to declare: a string option, summarised with its default.
    public var spec: OptionSpec {
        OptionSpec(key, .string, summary: "\(family) network of the guest and its gateway; default \(defaultNetwork).")
    }

    /// The diagnostics of the option as the interface's network sets it: KubeVirt's `failed to parse VM CIDR` when
    /// it is no network of the family, and its `too small` when it leaves no room for a gateway and a guest.
    public func diagnostics(_ request: BindingValidationRequest) -> [Diagnostic] {
        guard let (index, network) = request.vm.network(named: request.interface.name), let source = network.source,
            let text = source.options[key]?.stringValue
        else { return [] }
        let path = request.vm.networkPath(index).appending(source.backend).appending(key)
        let parsed: IPNetwork
        do {
            parsed = try IPNetwork(parsing: text)
        } catch {
            return [.error("vm-network-cidr-invalid", at: path, "failed to parse VM CIDR: \(text), \(error)")]
        }
        guard parsed.address.family == family else {
            let article = family == .ipv6 ? "an IPv6" : "an IPv4"
            return [.error("vm-network-cidr-invalid", at: path, "failed to parse VM CIDR: \(text), it must be \(article) CIDR")]
        }
        guard parsed.hostBits >= 2 else {
            return [
                .error(
                    "vm-network-cidr-too-small", at: path,
                    "VM CIDR subnet is too small, at least 2 host addresses are required: \(text) (use a prefix of at most /\(family.maximumPrefixLength - 2))")
            ]
        }
        return []
    }

    /// The network the interface's network sets, or the default; a value `validate` let through always parses.
    public func network(_ request: BindingPlanRequest) throws(PlanError) -> IPNetwork {
        guard let text = request.network?.source?.options[key]?.stringValue else { return defaultNetwork }
        do {
            return try IPNetwork(parsing: text)
        } catch {
            throw PlanError("failed to parse VM CIDR: \(text), \(error)")
        }
    }
}
