import VMNetCore

/// The `addNATRules` steps of one plan, made through libiptc together: one commit per table for the whole apply
/// (and one per table for the whole undo), however many rules and steps there are. The NAT operations of
/// `NamespaceHandles` as `HostOperations`.
struct NATBatch {
    let members: [NATStep]

    /// A batch of `steps`, in plan order.
    init(_ steps: [NATStep]) {
        members = steps
    }

    /// The families the steps have rules for, IPv4 first.
    private var families: [IPFamily] {
        IPFamily.allCases.filter { family in members.contains { $0.hasRules(in: family) } }
    }

    /// For each member, the chains it will create: those it names, in a family it has rules for, that neither
    /// exist yet nor are created by an earlier member.
    func priors(_ handles: NamespaceHandles) throws(StepError) -> [NATChainsByFamily] {
        try NATStep.chainsCreated(by: members) { family throws(StepError) in try chains(handles, family) }
    }

    /// Creates the chains and appends the rules, one commit per table. When a later table's commit fails, the
    /// earlier tables' rules are removed again before the error is thrown, so nothing is left behind.
    func apply(_ handles: NamespaceHandles, created: [NATChainsByFamily]) throws(StepError) {
        var committed: [IPFamily] = []
        for family in families {
            do throws(StepError) {
                let table = try handles.natTable(family)
                let rules = try rules(family)
                try Self.iptables { () throws(IPTablesError) in try table.install(chains: chains(family), rules: rules) }
                committed.append(family)
            } catch {
                for done in committed.reversed() {
                    try undo(handles, created: created, family: done)
                }
                throw error
            }
        }
    }

    /// Removes the members' rules, and the chains they created once empty, one commit per table; rules already
    /// gone are fine.
    func undo(_ handles: NamespaceHandles, created: [NATChainsByFamily]) throws(StepError) {
        for family in families.reversed() {
            try undo(handles, created: created, family: family)
        }
    }

    /// What of `rules` the nat tables lack, one sentence each, IPv4 first, reading each table once.
    static func missing(_ rules: [NATRule], in handles: NamespaceHandles) throws(StepError) -> [String] {
        var problems: [String] = []
        for family in IPFamily.allCases {
            let expected = rules.filter { $0.family.addressFamily == family }
            guard !expected.isEmpty else { continue }
            let table = try handles.natTable(family)
            let chains = try Self.iptables { () throws(IPTablesError) in try table.chains() }
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

    private func undo(_ handles: NamespaceHandles, created: [NATChainsByFamily], family: IPFamily) throws(StepError) {
        let rules = try members.flatMap(\.rules).filter { $0.family.addressFamily == family }
            .map { rule throws(StepError) in try IPTablesRule(rule) }
        let chains = created.flatMap { $0[family] }
        guard !rules.isEmpty || !chains.isEmpty else { return }
        let table = try handles.natTable(family)
        // In plan order, so each rule is found at the head of its chain: a linear removal.
        _ = try Self.iptables { () throws(IPTablesError) in try table.remove(rules: rules, chains: chains) }
    }

    private func chains(_ family: IPFamily) -> [String] {
        var seen: Set<String> = []
        return members.filter { $0.hasRules(in: family) }
            .flatMap(\.chains).filter { seen.insert($0).inserted }
    }

    private func rules(_ family: IPFamily) throws(StepError) -> [IPTablesRule] {
        try members.flatMap(\.rules).filter { $0.family.addressFamily == family }.map { rule throws(StepError) in
            try IPTablesRule(rule)
        }
    }

    private func chains(_ handles: NamespaceHandles, _ family: IPFamily) throws(StepError) -> [String] {
        let table = try handles.natTable(family)
        return try Self.iptables { () throws(IPTablesError) in try table.chains().map(\.name) }
    }

    private static func iptables<T>(_ body: () throws(IPTablesError) -> T) throws(StepError) -> T {
        do {
            return try body()
        } catch {
            throw .iptables(error)
        }
    }
}
