import VMNetCore
import VMNetRuntime

/// `plans.step-vocabulary`: every step of every plan is one the executor knows (it decodes as a `HostStep`) or
/// a custom step of the plugin's own, and its values are ones the kernel takes.
enum StepVocabulary {
    /// The verdict over the steps of each successful plan: `(label, steps)` pairs, steps as answered.
    static func check(_ plans: [(label: String, steps: [JSONValue])], plugin: String) -> CheckResult {
        var problems: [String] = []
        var count = 0
        var custom = 0
        for (label, steps) in plans {
            for (index, raw) in steps.enumerated() {
                count += 1
                let place = "step \(index + 1) of \(label)"
                guard let step = try? raw.decode(HostStep.self) else {
                    let key = raw.keys.first ?? raw.brief
                    problems.append("\(place) is '\(key)', which is not in the executor's vocabulary (\(known)); "
                        + "plan a custom step of your own for anything else")
                    continue
                }
                if case .custom = step { custom += 1 }
                if let problem = problem(of: step, plugin: plugin) { problems.append("\(place): \(problem)") }
            }
        }
        return .verdict(
            .plansStepVocabulary, problems: problems,
            passed: "\(count) steps in \(plans.count) plans are in the executor's vocabulary"
                + (custom > 0 ? " (\(custom) custom steps of the plugin's own)" : ""))
    }

    /// The step kinds the executor performs, by their wire names.
    static let known = "createBridge, createTap, createMACVLAN, renameLink, setMACAddress, setMTU, setMaster, setLearning, "
        + "setLinkState, addAddress, removeAddress, setSysctl, addNATRules, custom"

    /// Why the values of `step` cannot be made, or `nil`.
    static func problem(of step: HostStep, plugin: String) -> String? {
        var links: [String] = []
        switch step {
        case .createBridge(let name, let mac, let mtu):
            links = [name]
            if let mac, (try? MACAddress(parsing: mac)) == nil { return "the bridge MAC '\(mac)' is not a MAC address" }
            if let mtu, !StepValues.mtuRange.contains(mtu) { return "MTU \(mtu) is outside 68–65535" }
        case .createTap(let name, let mtu, let queues, _, _):
            links = [name]
            if !StepValues.mtuRange.contains(mtu) { return "MTU \(mtu) is outside 68–65535" }
            if !(1...256).contains(queues) { return "\(queues) tap queues; a tap has 1 to 256" }
        case .createMACVLAN(let name, let parent, let mac, _):
            links = [name, parent]
            if (try? MACAddress(parsing: mac)) == nil { return "the MAC-VLAN's MAC '\(mac)' is not a MAC address" }
        case .renameLink(let from, let to): links = [from, to]
        case .setMACAddress(let link, let mac):
            links = [link]
            if (try? MACAddress(parsing: mac)) == nil { return "'\(mac)' is not a MAC address" }
        case .setMTU(let link, let mtu):
            links = [link]
            if !StepValues.mtuRange.contains(mtu) { return "MTU \(mtu) is outside 68–65535" }
        case .setMaster(let link, let master): links = [link, master]
        case .setLearning(let link, _), .setLinkState(let link, _), .addAddress(let link, _), .removeAddress(let link, _):
            links = [link]
        case .setSysctl(let key, _):
            let parts = key.split(separator: "/", omittingEmptySubsequences: false)
            if parts.first != "net" || parts.count < 3 || parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
                return "sysctl '\(key)' is not a key under net/ written with '/' (e.g. net/ipv4/ip_forward)"
            }
        case .addNATRules(let chains, let rules):
            if rules.isEmpty { return "a NAT step without rules" }
            if let chain = (chains + rules.map(\.chain)).first(where: { $0.isEmpty || $0.count > 28 || $0.contains(" ") }) {
                return "the chain name '\(chain)' is not one iptables takes (1–28 characters, no spaces)"
            }
        case .custom(let custom):
            if custom.plugin != plugin {
                return "a custom step of plugin '\(custom.plugin)'; a plugin plans custom steps of its own only ('\(plugin)'), which vmnet hands back to it"
            }
            if custom.name.isEmpty { return "a custom step without a name" }
        }
        if let link = links.first(where: { !StepValues.isLinkName($0) }) {
            return "'\(link)' is not a Linux interface name (1–15 characters, no '/', ':' or spaces)"
        }
        return nil
    }
}

/// The limits the kernel puts on step values.
enum StepValues {
    /// The MTUs an Ethernet link takes.
    static let mtuRange = 68...65535

    /// Whether `name` is a valid interface name: 1–15 bytes (IFNAMSIZ - 1), no `/`, `:` or white space, not `.`
    /// or `..`.
    static func isLinkName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 15 && name != "." && name != ".."
            && !name.contains(where: { $0 == "/" || $0 == ":" || $0.isWhitespace })
    }
}
