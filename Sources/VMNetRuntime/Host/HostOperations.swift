import VMNetCore

/// Everything the executor does to one namespace's kernel state: reading its links, addresses, routes and
/// sysctls, reading what a host step will change, making each kind of step and undoing it, deleting links, and
/// the NAT rules of a plan as data.
///
/// A `NetworkHost` hands these out inside `run(in:_:)`; they run on the caller's thread there. A plugin's
/// `custom` step is not among them: the executor hands it to its plugin. Every undo tolerates finding its step
/// never made (a crash may come between journaling a step and making it) and the links it touched gone.
///
/// Errors are the kernel's: `.netlink`, `.sysctl` and `.iptables` `StepError`s, or `.invalid` for a step that
/// cannot be made at all.
public protocol HostOperations {
    /// The namespace's cookie, which is never handed out again (a journal tells its namespace from a new one at
    /// the same path by it); nil when the host cannot tell.
    var namespaceCookie: UInt64? { get }

    /// The namespace's links, in index order.
    func links() throws(StepError) -> [Link]
    /// The addresses of every link, in the kernel's order.
    func addresses() throws(StepError) -> [InterfaceAddress]
    /// The main table's unicast routes.
    func routes() throws(StepError) -> [Route]
    /// The value of the network sysctl `key` (`net/ipv4/ip_forward`); throws when it cannot be read, as when
    /// the key does not exist.
    func sysctl(_ key: String) throws(StepError) -> String

    /// What `step` (any but `addNATRules` and `custom`) will change, as it is now: what the journal records
    /// before the step is made.
    func prior(of step: HostStep) throws(StepError) -> PriorState
    /// Makes `step` (any but `addNATRules` and `custom`), whose prior state is `prior`.
    func apply(_ step: HostStep, prior: PriorState) throws(StepError)
    /// Undoes `step` (any but `addNATRules` and `custom`), restoring `prior`.
    func undo(_ step: HostStep, prior: PriorState) throws(StepError)
    /// Deletes the links `names` that still exist, together.
    func deleteLinks(_ names: [String]) throws(StepError)

    /// For each NAT step, the chains it will create: those it names, in a family it has rules for, that neither
    /// exist yet nor are created by an earlier step.
    func natPriors(_ steps: [NATStep]) throws(StepError) -> [NATChainsByFamily]
    /// Creates the chains and appends the rules of `steps`, where `created` is `natPriors(steps)`; all of them
    /// or, when this throws, none.
    func natApply(_ steps: [NATStep], created: [NATChainsByFamily]) throws(StepError)
    /// Removes the rules of `steps`, and the chains `created` (theirs, as `natPriors` gave them) once empty;
    /// rules already gone are fine.
    func natRemove(_ steps: [NATStep], created: [NATChainsByFamily]) throws(StepError)
    /// Whether each of `rules` is in the nat table of its family, in order.
    func natPresence(of rules: [NATRule]) throws(StepError) -> [NATRulePresence]
}

/// One `addNATRules` step of a plan: the user chains it needs and the rules it appends.
public struct NATStep: Sendable, Equatable {
    /// The user chains the rules need.
    public var chains: [String]
    /// The rules, in the order they are appended.
    public var rules: [NATRule]

    /// Creates a NAT step.
    public init(chains: [String], rules: [NATRule]) {
        self.chains = chains
        self.rules = rules
    }

    /// For each of `steps`, the chains it creates: those it names, in a family it has rules for, that are neither
    /// among the chains `existing` gives for the family nor created by an earlier step.
    public static func chainsCreated(
        by steps: [NATStep], existing: (IPFamily) throws(StepError) -> [String]
    ) throws(StepError) -> [NATChainsByFamily] {
        var created = steps.map { _ in NATChainsByFamily() }
        for family in IPFamily.allCases where steps.contains(where: { $0.hasRules(in: family) }) {
            var claimed = Set(try existing(family))
            for (position, step) in steps.enumerated() where step.hasRules(in: family) {
                for chain in step.chains where claimed.insert(chain).inserted {
                    created[position][family].append(chain)
                }
            }
        }
        return created
    }

    /// Whether the step has rules for the nat table of `family`.
    public func hasRules(in family: IPFamily) -> Bool {
        rules.contains { $0.family.addressFamily == family }
    }
}

/// Where a NAT rule stands in its table.
public enum NATRulePresence: Sendable, Equatable {
    /// The rule is in its chain.
    case present
    /// The chain exists without the rule.
    case missing
    /// The rule's chain does not exist.
    case chainMissing
}
