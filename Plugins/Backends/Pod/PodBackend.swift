import VMNetCore

/// The `pod` backend: the pod's own primary interface (`eth0`), configured by the cluster's network.
public struct PodBackend: Backend {
    /// Creates the backend.
    public init() {}

    public let manifest = BackendManifest(
        name: "pod",
        displayName: "Pod",
        version: "0.1.0",
        summary: "The pod's primary interface, eth0, as the cluster network configured it.",
        options: [
            OptionSpec("vmNetworkCIDR", .string, summary: "IPv4 network of a masquerade guest; default 10.0.2.0/24."),
            OptionSpec("vmIPv6NetworkCIDR", .string, summary: "IPv6 network of a masquerade guest; default fd10:0:2::/120."),
        ],
        capabilities: BackendCapabilities(providesDefaultNetwork: true)
    )

    public func validate(_ request: BackendValidationRequest) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (index, _) in request.networks.dropFirst() {
            diagnostics.append(
                .error(
                    "pod-network-multiple", at: request.vm.networkPath(index).appending("pod"),
                    "more than one interface is connected to a pod network in spec.interfaces"))
        }
        for (index, network) in request.networks {
            for (key, ipv6) in [("vmNetworkCIDR", false), ("vmIPv6NetworkCIDR", true)] {
                guard let text = network.source?.options[key]?.stringValue else { continue }
                diagnostics += Self.check(cidr: text, ipv6: ipv6, at: request.optionPath(index, key))
            }
        }
        return diagnostics
    }

    /// A masquerade network needs the network address, the gateway, the guest and a broadcast or spare address.
    static func check(cidr text: String, ipv6: Bool, at path: FieldPath) -> [Diagnostic] {
        let network: IPNetwork
        do {
            network = try IPNetwork(parsing: text)
        } catch {
            return [.error("vm-network-cidr-invalid", at: path, "failed to parse VM CIDR: \(text), \(error)")]
        }
        guard network.address.isIPv6 == ipv6 else {
            let family = ipv6 ? "an IPv6" : "an IPv4"
            return [.error("vm-network-cidr-invalid", at: path, "failed to parse VM CIDR: \(text), it must be \(family) CIDR")]
        }
        guard network.hostBits >= 2 else {
            return [
                .error(
                    "vm-network-cidr-too-small", at: path,
                    "VM CIDR subnet is too small, at least 2 host addresses are required: \(text) (use a prefix of at most /\(network.address.bytes.count * 8 - 2))")
            ]
        }
        return []
    }

    /// Every pod network is the pod's primary interface, `eth0`.
    public func plan(_ request: BackendPlanRequest) throws(PlanError) -> BackendPlan {
        BackendPlan(assignments: request.networkIndexes.map {
            .init(network: request.vm.networks![$0].name, podInterface: LinkNames.primaryPodInterface, isPrimary: true)
        })
    }
}
