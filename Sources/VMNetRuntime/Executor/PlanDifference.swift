import VMNetCore
import VMNetEngine

/// How a newly requested plan differs from the one applied, interface by interface: what `up` reports when it
/// refuses to change a wired VM without `--replace`.
public struct PlanDifference: Sendable, Equatable, CustomStringConvertible {
    /// One interface's difference.
    public struct InterfaceChange: Sendable, Equatable {
        /// The VM interface.
        public var interface: String
        /// Host steps (NAT rules one by one) only the applied plan has.
        public var removedSteps: [String]
        /// Host steps (NAT rules one by one) only the requested plan has.
        public var addedSteps: [String]
        /// Other parts that differ: `binding`, `pod interface`, `dhcp`, `device`; or `interface added`/`removed`.
        public var otherChanges: [String]
    }

    /// The interfaces that differ, in the requested plan's order, then those only the applied plan has.
    public var interfaces: [InterfaceChange]

    /// Whether the plans are the same.
    public var isEmpty: Bool { interfaces.isEmpty }

    /// Compares the `applied` plan with the `requested` one.
    public init(applied: VMPlan, requested: VMPlan) {
        let old = Dictionary(applied.interfaces.map { ($0.plan.interface, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Set(requested.interfaces.map(\.plan.interface))
        var changes: [InterfaceChange] = []
        for interface in requested.interfaces {
            let name = interface.plan.interface
            guard let before = old[name] else {
                changes.append(InterfaceChange(
                    interface: name, removedSteps: [], addedSteps: Self.lines(interface.plan.steps),
                    otherChanges: ["interface added"]))
                continue
            }
            var other: [String] = []
            if before.binding != interface.binding || before.backend != interface.backend { other.append("binding") }
            if before.plan.podInterface != interface.plan.podInterface { other.append("pod interface") }
            if before.plan.dhcp != interface.plan.dhcp { other.append("dhcp") }
            if before.plan.device != interface.plan.device { other.append("device") }
            let (removed, added) = Self.difference(Self.lines(before.plan.steps), Self.lines(interface.plan.steps))
            if !removed.isEmpty || !added.isEmpty || !other.isEmpty || before.plan.steps != interface.plan.steps {
                if removed.isEmpty, added.isEmpty, before.plan.steps != interface.plan.steps {
                    other.append("step order")
                }
                changes.append(InterfaceChange(interface: name, removedSteps: removed, addedSteps: added, otherChanges: other))
            }
        }
        for interface in applied.interfaces where !new.contains(interface.plan.interface) {
            changes.append(InterfaceChange(
                interface: interface.plan.interface, removedSteps: Self.lines(interface.plan.steps), addedSteps: [],
                otherChanges: ["interface removed"]))
        }
        interfaces = changes
    }

    /// One line per change: `interface red: - …`, `+ …`, `dhcp differs`.
    public var description: String {
        interfaces.flatMap { change in
            ["  interface \(change.interface):"]
                + change.otherChanges.map { "    \($0.hasPrefix("interface") ? $0 : "\($0) differs")" }
                + change.removedSteps.map { "    - \($0)" }
                + change.addedSteps.map { "    + \($0)" }
        }.joined(separator: "\n")
    }

    /// The steps as lines, a NAT step as one line per rule, so a changed port shows as the rules it changes.
    private static func lines(_ steps: [HostStep]) -> [String] {
        steps.flatMap { step -> [String] in
            guard case .addNATRules(let chains, let rules) = step else { return [step.description] }
            return ["nat chains \(chains.joined(separator: ", "))"]
                + rules.map { "\($0.family == .ipv4 ? "iptables" : "ip6tables") -t nat \($0)" }
        }
    }

    /// The lines only in `old` and only in `new`, counting repeats.
    private static func difference(_ old: [String], _ new: [String]) -> (removed: [String], added: [String]) {
        (lines(old, notIn: new), lines(new, notIn: old))
    }

    /// The lines of `lines` left once each line of `other` has cancelled one equal line.
    private static func lines(_ lines: [String], notIn other: [String]) -> [String] {
        var counts: [String: Int] = [:]
        for line in other { counts[line, default: 0] += 1 }
        return lines.filter { line in
            guard let count = counts[line], count > 0 else { return true }
            counts[line] = count - 1
            return false
        }
    }
}
