import VMNetCore

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
        rules.contains { $0.family == family }
    }
}
