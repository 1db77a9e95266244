/// The limits on a plan's steps and their values: what the kernel and iptables take, and how much one plan may ask.
/// The one source of truth for the planner's check of every binding's answer (`PlanScope`) and for the conformance
/// suite's `plans.step-vocabulary`.
package enum StepLimits {
    /// The MTUs an Ethernet link takes.
    package static let mtuRange = 68...65535
    /// The queues a tap takes.
    package static let tapQueueRange = 1...256
    /// The most steps one interface's plan may hold; the built-in bindings plan at most a dozen or so.
    package static let maximumSteps = 256
    /// The most NAT rules one step may add: three per port, protocol and family for every port a masquerade
    /// interface may list (KubeVirt sets no limit on `ports`); the answer's size bound stops a hostile one sooner.
    package static let maximumNATRules = 3 * 2 * 2 * 65_536
    /// The longest iptables chain name.
    package static let maximumChainLength = 28

    /// The step kinds the executor performs, by their wire names.
    package static let vocabulary = [
        "createBridge", "createTap", "createMACVLAN", "renameLink", "setMACAddress", "setMTU", "setMaster", "setLearning",
        "setLinkState", "addAddress", "removeAddress", "setSysctl", "addNATRules", "custom",
    ]

    /// Whether `name` is a valid interface name: 1–15 bytes (IFNAMSIZ - 1), no `/`, `:` or white space, not `.`
    /// or `..`.
    package static func isLinkName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 15 && name != "." && name != ".."
            && !name.contains(where: { $0 == "/" || $0 == ":" || $0.isWhitespace || $0 == "\0" })
    }

    /// Why the values of `step` cannot be made, or `nil`. Which links and addresses a step may touch is
    /// `PlanScope`'s question.
    package static func problem(of step: HostStep) -> String? {
        switch step {
        case .createBridge(_, let mac, let mtu):
            if let mac, (try? MACAddress(parsing: mac)) == nil { return "the bridge MAC '\(mac)' is not a MAC address" }
            if let mtu, !mtuRange.contains(mtu) { return "MTU \(mtu) is outside 68–65535" }
        case .createTap(_, let mtu, let queues, _, _):
            if !mtuRange.contains(mtu) { return "MTU \(mtu) is outside 68–65535" }
            if !tapQueueRange.contains(queues) { return "\(queues) tap queues; a tap has 1 to 256" }
        case .createMACVLAN(_, _, let mac, _):
            if (try? MACAddress(parsing: mac)) == nil { return "the MAC-VLAN's MAC '\(mac)' is not a MAC address" }
        case .setMACAddress(_, let mac):
            if (try? MACAddress(parsing: mac)) == nil { return "'\(mac)' is not a MAC address" }
        case .setMTU(_, let mtu):
            if !mtuRange.contains(mtu) { return "MTU \(mtu) is outside 68–65535" }
        case .setSysctl(let key, _):
            let parts = key.split(separator: "/", omittingEmptySubsequences: false)
            if parts.first != "net" || parts.count < 3 || parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
                return "sysctl '\(key)' is not a key under net/ written with '/' (e.g. net/ipv4/ip_forward)"
            }
        case .addNATRules(let chains, let rules):
            if rules.isEmpty { return "a NAT step without rules" }
            if rules.count > maximumNATRules { return "\(rules.count) NAT rules in one step; at most \(maximumNATRules)" }
            if let chain = (chains + rules.map(\.chain)).first(where: { $0.isEmpty || $0.count > maximumChainLength || $0.contains(" ") }) {
                return "the chain name '\(chain)' is not one iptables takes (1–\(maximumChainLength) characters, no spaces)"
            }
        case .custom(let custom):
            if custom.name.isEmpty { return "a custom step without a name" }
        case .renameLink, .setMaster, .setLearning, .setLinkState, .addAddress, .removeAddress:
            break
        }
        if let link = step.links.first(where: { !isLinkName($0) }) {
            return "'\(link)' is not a Linux interface name (1–15 characters, no '/', ':' or spaces)"
        }
        return nil
    }
}

extension HostStep {
    /// Every link the step names, a NAT rule's input and output interfaces included.
    package var links: [String] {
        switch self {
        case .createBridge(let name, _, _), .createTap(let name, _, _, _, _): [name]
        case .createMACVLAN(let name, let parent, _, _): [name, parent]
        case .renameLink(let from, let to): [from, to]
        case .setMaster(let link, let master): [link, master]
        case .setMACAddress(let link, _), .setMTU(let link, _), .setLearning(let link, _), .setLinkState(let link, _),
            .addAddress(let link, _), .removeAddress(let link, _):
            [link]
        case .addNATRules(_, let rules): rules.flatMap { [$0.inInterface, $0.outInterface].compactMap { $0 } }
        case .setSysctl, .custom: []
        }
    }
}
