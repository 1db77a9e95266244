import VMNetCore

/// The `addNATRules` steps of one plan, made together by the namespace's NAT backend: one commit per table
/// (iptables) or one transaction (nftables) for the whole apply, and the same for the whole undo, however many
/// rules and steps there are.
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
    var families: [IPFamily] {
        IPFamily.allCases.filter { family in members.contains { $0.rules.contains { $0.family.addressFamily == family } } }
    }

    /// The user chains the members name, once each, for the members with rules of `family`.
    func chains(_ family: IPFamily) -> [String] {
        var seen: Set<String> = []
        return members.filter { $0.rules.contains { $0.family.addressFamily == family } }
            .flatMap(\.chains).filter { seen.insert($0).inserted }
    }

    /// The rules of the members at `positions` (all by default) for `family`, in plan order.
    func rules(_ family: IPFamily, positions: [Int]? = nil) -> [NATRule] {
        (positions ?? Array(members.indices)).flatMap { members[$0].rules }.filter { $0.family.addressFamily == family }
    }
}
