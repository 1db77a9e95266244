import VMNetCore

/// What one binding's plan may touch: its pod interface and the links it makes itself, addresses of the networks it
/// serves its guest (or link-local ones), and custom steps of its own. The planner holds every binding's answer to
/// it before anything is made, so a hostile or buggy plugin cannot reach the pod's `lo`, another VM's links or an
/// unrelated network.
public struct PlanScope: Sendable {
    /// The binding's name, as plugins and custom steps spell it.
    public var binding: String
    /// What the binding was asked.
    public var request: BindingPlanRequest

    /// The scope of `binding`'s answer to `request`.
    public init(binding: String, request: BindingPlanRequest) {
        self.binding = binding
        self.request = request
    }

    /// Every reason `plan` goes beyond the scope or the step limits, one sentence each; empty when it does not.
    public func problems(of plan: BindingPlan) -> [String] {
        guard plan.steps.count <= StepLimits.maximumSteps else {
            return ["\(plan.steps.count) steps; a plan holds at most \(StepLimits.maximumSteps)"]
        }
        var problems: [String] = []
        let given = request.podInterface?.name
        if let named = plan.podInterface, named != given {
            problems.append("it names pod interface '\(named)', but was given \(given.map { "'\($0)'" } ?? "none")")
        }
        var links = Set(given.map { [$0] } ?? [])
        for (index, step) in plan.steps.enumerated() {
            let place = "step \(index + 1) (\(step))"
            if let problem = StepLimits.problem(of: step) ?? problem(of: step, links: &links, plan: plan) {
                problems.append("\(place): \(problem)")
            }
        }
        if let dhcp = plan.dhcp, !links.contains(dhcp.interface) {
            problems.append("its DHCP server is on '\(dhcp.interface)', \(outside)")
        }
        return problems
    }

    /// What a link the plan may not touch is.
    private var outside: String {
        "which is not its pod interface \(request.podInterface.map { "(\($0.name)) " } ?? "")nor a link it made"
    }

    /// Why `step` reaches outside the scope, with `links` the links it may touch so far (updated by the step).
    private func problem(of step: HostStep, links: inout Set<String>, plan: BindingPlan) -> String? {
        switch step {
        case .createBridge(let name, _, _), .createTap(let name, _, _, _, _):
            links.insert(name)
            return nil
        case .createMACVLAN(let name, let parent, _, _):
            guard links.contains(parent) else { return "'\(parent)' is a link \(outside)" }
            links.insert(name)
            return nil
        case .renameLink(let from, let to):
            guard links.contains(from) else { return "'\(from)' is a link \(outside)" }
            links.remove(from)
            links.insert(to)
            return nil
        case .addAddress(_, let address):
            if let link = step.links.first(where: { !links.contains($0) }) { return "'\(link)' is a link \(outside)" }
            return isServed(address, plan) ? nil
                : "address \(address) is outside the networks it serves its guest and its pod interface's, and not link-local"
        case .removeAddress(_, let address):
            if let link = step.links.first(where: { !links.contains($0) }) { return "'\(link)' is a link \(outside)" }
            return request.podInterface?.addresses.contains(address) ?? false
                ? nil : "address \(address) is not one of its pod interface's"
        case .setSysctl(let key, _):
            let parts = key.split(separator: "/")
            if parts.count > 3, ["conf", "neigh"].contains(parts[2]), !["all", "default"].contains(parts[3]),
                !links.contains(String(parts[3]))
            {
                return "sysctl \(key) is of '\(parts[3])', a link \(outside)"
            }
            return nil
        case .custom(let custom):
            return custom.plugin == binding ? nil
                : "a custom step of plugin '\(custom.plugin)'; a plugin plans custom steps of its own only ('\(binding)'), which vmnet hands back to it"
        case .setMACAddress, .setMTU, .setMaster, .setLearning, .setLinkState, .addNATRules:
            return step.links.first { !links.contains($0) }.map { "'\($0)' is a link \(outside)" }
        }
    }

    /// Whether `address` may be added: link-local, or in a network the plan serves its guest, or in one of the pod
    /// interface's networks.
    private func isServed(_ address: IPNetwork, _ plan: BindingPlan) -> Bool {
        if address.address.isLinkLocal { return true }
        let served = [plan.dhcp?.clientAddress.address, plan.dhcp?.ipv6ClientAddress].compactMap { $0 }
        if served.contains(where: { address.contains($0) }) { return true }
        return request.podInterface?.addresses.contains { $0.contains(address.address) } ?? false
    }
}

extension IPAddress {
    /// Whether the address is link-local: 169.254.0.0/16 or fe80::/10.
    public var isLinkLocal: Bool { isIPv6 ? isIPv6LinkLocal : bytes[0] == 169 && bytes[1] == 254 }
}

extension IPNetwork {
    /// Whether `other` lies in this network.
    public func contains(_ other: IPAddress) -> Bool {
        other.family == family && IPNetwork(address: other, prefixLength: prefixLength).networkAddress == networkAddress
    }
}
