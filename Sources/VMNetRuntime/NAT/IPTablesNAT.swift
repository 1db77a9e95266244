import VMNetCore

/// The iptables NAT backend: the legacy `nat` table of each family through libiptc, one commit per table for the
/// whole apply (and one per table for the whole undo).
struct IPTablesNAT: NATBackend {
    let handles: NamespaceHandles

    var kind: NATBackendKind { .iptables }

    func unavailability(for families: [IPFamily]) -> String? {
        for family in families {
            do throws(StepError) {
                _ = try chains(family)
            } catch {
                return error.description
            }
        }
        return nil
    }

    /// For each member, the chains it will create: those it names, in a family it has rules for, that neither
    /// exist yet nor are created by an earlier member.
    func priors(_ batch: NATBatch) throws(StepError) -> [PriorState] {
        try NATStep.chainsCreated(by: batch.members) { family throws(StepError) in try chains(family) }
            .map { .natRules(createdChains: $0) }
    }

    /// Creates the chains and appends the rules, one commit per table. When a later table's commit fails, the
    /// earlier tables' rules are removed again before the error is thrown, so nothing is left behind.
    func apply(_ batch: NATBatch, priors: [PriorState]) throws(StepError) {
        var committed: [IPFamily] = []
        for family in batch.families {
            do throws(StepError) {
                let table = try handles.natTable(family)
                let rules = try batch.rules(family).map { rule throws(StepError) in try IPTablesRule(rule) }
                try iptables { () throws(IPTablesError) in try table.install(chains: batch.chains(family), rules: rules) }
                committed.append(family)
            } catch {
                for done in committed.reversed() {
                    try undo(batch, priors: priors, family: done)
                }
                throw error
            }
        }
    }

    /// Removes the members' rules, and the chains they created once empty, one commit per table; rules already
    /// gone are fine.
    func undo(_ batch: NATBatch, priors: [PriorState]) throws(StepError) {
        for family in batch.families.reversed() {
            try undo(batch, priors: priors, family: family)
        }
    }

    private func undo(_ batch: NATBatch, priors: [PriorState], family: IPFamily) throws(StepError) {
        let rules = try batch.rules(family).map { rule throws(StepError) in try IPTablesRule(rule) }
        let chains = priors.flatMap { prior -> [String] in
            guard case .natRules(let created) = prior else { return [] }
            return created[family]
        }
        guard !rules.isEmpty || !chains.isEmpty else { return }
        let table = try handles.natTable(family)
        // In plan order, so each rule is found at the head of its chain: a linear removal.
        _ = try iptables { () throws(IPTablesError) in try table.remove(rules: rules, chains: chains) }
    }

    func missing(_ rules: [NATRule]) throws(StepError) -> [String] {
        var problems: [String] = []
        for family in IPFamily.allCases {
            let expected = rules.filter { $0.family == family }
            guard !expected.isEmpty else { continue }
            let table = try handles.natTable(family)
            let chains = try iptables { () throws(IPTablesError) in try table.chains() }
            for rule in expected {
                let wanted = try IPTablesRule(rule)
                guard let chain = chains.first(where: { $0.name == rule.chain }) else {
                    problems.append("NAT chain \(rule.chain) (\(family)) is missing")
                    continue
                }
                if !chain.rules.contains(wanted) { problems.append("NAT rule `\(rule)` (\(family)) is missing") }
            }
        }
        return problems
    }

    private func chains(_ family: IPFamily) throws(StepError) -> [String] {
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
