import VMNetCore

/// The `addNATRules` steps of one plan, made together by the namespace's NAT backend: one commit per table
/// (iptables) or one transaction (nftables) for the whole apply, and the same for the whole undo, however many
/// rules and steps there are.
struct NATBatch {
    let members: [NATStep]

    /// A batch of `steps`, in plan order.
    init(_ steps: [NATStep]) {
        members = steps
    }

    /// The families the steps have rules for, IPv4 first.
    var families: [IPFamily] {
        IPFamily.allCases.filter { family in members.contains { $0.hasRules(in: family) } }
    }

    /// The user chains the members name, once each, for the members with rules of `family`.
    func chains(_ family: IPFamily) -> [String] {
        var seen: Set<String> = []
        return members.filter { $0.hasRules(in: family) }.flatMap(\.chains).filter { seen.insert($0).inserted }
    }

    /// The rules of the members for `family`, in plan order.
    func rules(_ family: IPFamily) -> [NATRule] {
        members.flatMap(\.rules).filter { $0.family == family }
    }
}
