import VMNetCore

/// The `addNATRules` steps of one plan, made together: one libiptc commit per table for the whole apply (and
/// one per table for the whole undo), however many rules and steps there are.
struct NATBatch {
    /// One `addNATRules` step.
    struct Member {
        /// Its index in the plan's steps.
        var index: Int
        var chains: [String]
        var rules: [NATRule]
    }

    let members: [Member]

    /// The NAT steps among `steps`.
    init(_ steps: [HostStep]) {
        members = steps.enumerated().compactMap { index, step in
            guard case .addNATRules(let chains, let rules) = step else { return nil }
            return Member(index: index, chains: chains, rules: rules)
        }
    }

    /// The families the steps have rules for, IPv4 first.
    private var families: [IPFamily] {
        IPFamily.allCases.filter { family in members.contains { $0.rules.contains { $0.family.addressFamily == family } } }
    }

    /// For each member, the chains it will create: those it names, in a family it has rules for, that neither
    /// exist yet nor are created by an earlier member.
    func priors(_ handles: NamespaceHandles) throws(StepError) -> [PriorState] {
        var created = members.map { _ in NATChainsByFamily() }
        for family in families {
            var claimed = Set(try chains(handles, family))
            for (position, member) in members.enumerated() where member.rules.contains(where: { $0.family.addressFamily == family }) {
                for chain in member.chains where claimed.insert(chain).inserted {
                    created[position][family].append(chain)
                }
            }
        }
        return created.map { .natRules(createdChains: $0) }
    }

    /// Creates the chains and appends the rules, one commit per table. When a later table's commit fails, the
    /// earlier tables' rules are removed again before the error is thrown, so nothing is left behind.
    func apply(_ handles: NamespaceHandles, priors: [PriorState]) throws(StepError) {
        var committed: [IPFamily] = []
        for family in families {
            do throws(StepError) {
                let table = try handles.natTable(family)
                let rules = try rules(family)
                try iptables { () throws(IPTablesError) in try table.install(chains: chains(family), rules: rules) }
                committed.append(family)
            } catch {
                for done in committed.reversed() {
                    try undo(handles, priors: priors, family: done, positions: Array(members.indices))
                }
                throw error
            }
        }
    }

    /// Removes the rules of the members at `positions`, and the chains they created once empty, one commit per
    /// table; rules already gone are fine.
    func undo(_ handles: NamespaceHandles, priors: [PriorState], positions: [Int]) throws(StepError) {
        for family in families.reversed() {
            try undo(handles, priors: priors, family: family, positions: positions)
        }
    }

    private func undo(_ handles: NamespaceHandles, priors: [PriorState], family: IPFamily, positions: [Int]) throws(StepError) {
        let rules = try positions.flatMap { members[$0].rules }.filter { $0.family.addressFamily == family }
            .map { rule throws(StepError) in try IPTablesRule(rule) }
        let chains = positions.flatMap { position -> [String] in
            guard case .natRules(let created) = priors[position] else { return [] }
            return created[family]
        }
        guard !rules.isEmpty || !chains.isEmpty else { return }
        let table = try handles.natTable(family)
        // In plan order, so each rule is found at the head of its chain: a linear removal.
        _ = try iptables { () throws(IPTablesError) in try table.remove(rules: rules, chains: chains) }
    }

    private func chains(_ family: IPFamily) -> [String] {
        var seen: Set<String> = []
        return members.filter { $0.rules.contains { $0.family.addressFamily == family } }
            .flatMap(\.chains).filter { seen.insert($0).inserted }
    }

    private func rules(_ family: IPFamily) throws(StepError) -> [IPTablesRule] {
        try members.flatMap(\.rules).filter { $0.family.addressFamily == family }.map { rule throws(StepError) in
            try IPTablesRule(rule)
        }
    }

    private func chains(_ handles: NamespaceHandles, _ family: IPFamily) throws(StepError) -> [String] {
        let table = try handles.natTable(family)
        return try iptables { () throws(IPTablesError) in try table.chains().map(\.name) }
    }

    private func iptables<T>(_ body: () throws(IPTablesError) -> T) throws(StepError) -> T {
        do {
            return try body()
        } catch {
            throw .iptables(error)
        }
    }
}
