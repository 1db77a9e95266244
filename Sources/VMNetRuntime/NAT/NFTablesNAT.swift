import CNFTables
import VMNetCore

/// The nftables NAT backend: KubeVirt's masquerade ruleset (reference §3.2) in the `ip nat` and `ip6 nat` tables,
/// both families in one nf_tables transaction, so an apply or an undo is all or nothing.
///
/// The tables and chains are KubeVirt's: the base chains `prerouting` (dstnat, -100), `input` (100), `output`
/// (-100) and `postrouting` (srcnat, 100), all of type nat, and the plan's user chains (`KUBEVIRT_PREINBOUND`,
/// `KUBEVIRT_POSTINBOUND`). A plan's rule in the built-in chain `PREROUTING` goes into `prerouting`, and so on.
struct NFTablesNAT: NATBackend {
    /// The table of each family, as KubeVirt names it.
    static let tableName = "nat"

    /// KubeVirt's base chains, in its order (`NF_INET_*` hook numbers).
    static let baseChains: [(name: String, hook: UInt32, priority: Int32)] = [
        ("prerouting", UInt32(NF_INET_PRE_ROUTING.rawValue), -100),
        ("input", UInt32(NF_INET_LOCAL_IN.rawValue), 100),
        ("output", UInt32(NF_INET_LOCAL_OUT.rawValue), -100),
        ("postrouting", UInt32(NF_INET_POST_ROUTING.rawValue), 100),
    ]

    let handles: NamespaceHandles

    var kind: NATBackendKind { .nftables }

    /// The table of `family`.
    static func table(_ family: IPFamily) -> NFTTable { NFTTable(family: family, name: tableName) }

    /// The nftables chain of a plan's chain: the built-in chains are KubeVirt's lower-case base chains.
    static func chainName(_ chain: String) -> String {
        switch chain {
        case "PREROUTING", "INPUT", "OUTPUT", "POSTROUTING": chain.lowercased()
        default: chain
        }
    }

    /// The chain `name` of `family`'s table: a base chain, or a regular one.
    static func chain(_ name: String, _ family: IPFamily) -> NFTChain {
        let hook = baseChains.first { $0.name == name }.map { NFTChain.Hook(type: "nat", number: $0.hook, priority: $0.priority) }
        return NFTChain(table: table(family), name: name, hook: hook)
    }

    func unavailability(for families: [IPFamily]) -> String? {
        do throws(StepError) {
            let socket = try handles.nftables()
            _ = try nftables { () throws(NFTablesError) in try socket.generation() }
            return nil
        } catch {
            return error.description
        }
    }

    /// The whole batch's objects, recorded on its first member: for each family, whether the table is new and
    /// which of KubeVirt's base chains and the plan's chains do not exist yet.
    func priors(_ batch: NATBatch) throws(StepError) -> [PriorState] {
        let socket = try handles.nftables()
        var objects = NFTablesObjects()
        for family in batch.families {
            let table = Self.table(family)
            let exists = try nftables { () throws(NFTablesError) in try socket.tables(family).contains(table.name) }
            let present = exists ? try nftables { () throws(NFTablesError) in try socket.chains(of: table) } : []
            let wanted = Self.baseChains.map(\.name) + batch.chains(family)
            objects[family] = NFTablesObjects.Made(
                table: table.name, createdTable: !exists, createdChains: wanted.filter { !present.contains($0) })
        }
        return batch.members.indices.map { $0 == 0 ? .nftables(made: objects) : .nftables(made: NFTablesObjects()) }
    }

    /// Creates the recorded tables and chains and appends every rule, in one transaction.
    func apply(_ batch: NATBatch, priors: [PriorState]) throws(StepError) {
        let objects = Self.merged(priors)
        var rules: [(rule: NFTRule, source: NATRule)] = []
        for family in batch.families {
            for rule in batch.rules(family) { rules.append((try NFTRule(rule), rule)) }
        }
        let socket = try handles.nftables()
        let transaction = socket.batch(expectedMessages: rules.count + 16)
        for family in batch.families {
            guard let made = objects[family] else { continue }
            if made.createdTable { Self.table(family).create(in: transaction) }
            for name in made.createdChains { Self.chain(name, family).create(in: transaction) }
        }
        for (rule, source) in rules {
            rule.append(in: transaction) { source.nftablesSyntax }
        }
        try nftables { () throws(NFTablesError) in try socket.commit(transaction) }
    }

    /// Deletes, in one transaction, the rules the members added to chains that existed before, the chains they
    /// created (base chains first: they hold the jumps), and a table they created once nothing else is in it.
    /// Objects already gone are passed over.
    func undo(_ batch: NATBatch, priors: [PriorState]) throws(StepError) {
        let objects = Self.merged(priors)
        let socket = try handles.nftables()
        let transaction = socket.batch(expectedMessages: 64)
        for family in batch.families {
            let table = Self.table(family)
            guard try nftables({ () throws(NFTablesError) in try socket.tables(family) }).contains(table.name) else { continue }
            let present = try nftables { () throws(NFTablesError) in try socket.chains(of: table) }
            let made = objects[family] ?? NFTablesObjects.Made(table: table.name, createdTable: false, createdChains: [])
            if made.createdTable, present.allSatisfy(made.createdChains.contains) {
                table.delete(in: transaction)
                continue
            }
            let added = batch.rules(family).map { NFTablesNAT.chainName($0.chain) }
            var chains: [String] = []
            for chain in added where !made.createdChains.contains(chain) && present.contains(chain) && !chains.contains(chain) {
                chains.append(chain)
            }
            for chain in chains {
                try deleteRules(of: batch.rules(family).filter { Self.chainName($0.chain) == chain },
                                from: chain, in: table, socket: socket, transaction: transaction)
            }
            let created = made.createdChains.filter(present.contains)
            let base = Set(Self.baseChains.map(\.name))
            for name in created.filter(base.contains) + created.filter({ !base.contains($0) }) {
                Self.chain(name, family).delete(in: transaction)
            }
        }
        guard !transaction.isEmpty else { return }
        try nftables { () throws(NFTablesError) in try socket.commit(transaction) }
    }

    func missing(_ rules: [NATRule]) throws(StepError) -> [String] {
        let socket = try handles.nftables()
        var problems: [String] = []
        for family in IPFamily.allCases {
            let expected = rules.filter { $0.family == family }
            guard !expected.isEmpty else { continue }
            let table = Self.table(family)
            guard try nftables({ () throws(NFTablesError) in try socket.tables(family) }).contains(table.name) else {
                problems.append("nftables table \(table) is missing")
                continue
            }
            let chains = try nftables { () throws(NFTablesError) in try socket.chains(of: table) }
            var listed: [String: [String]] = [:]
            for rule in expected {
                let chain = Self.chainName(rule.chain)
                guard chains.contains(chain) else {
                    problems.append("nftables chain \(table) \(chain) is missing")
                    continue
                }
                if listed[chain] == nil {
                    listed[chain] = try nftables { () throws(NFTablesError) in try socket.rules(of: chain, in: table) }.map(\.signature)
                }
                if !listed[chain]!.contains(try NFTRule(rule).signature) {
                    problems.append("nftables rule `\(rule.nftablesSyntax)` in \(table) \(chain) is missing")
                }
            }
        }
        return problems
    }

    /// Deletes one copy of each of `rules` from `chain`, the last copies first (a rule appended after someone
    /// else's identical one is the later of the two).
    private func deleteRules(
        of rules: [NATRule], from chain: String, in table: NFTTable, socket: NFTSocket, transaction: NFTBatch
    ) throws(StepError) {
        var listed = try nftables { () throws(NFTablesError) in try socket.rules(of: chain, in: table) }
        for rule in rules.reversed() {
            let signature = try NFTRule(rule).signature
            guard let found = listed.lastIndex(where: { $0.signature == signature }) else { continue }
            NFTRule.delete(handle: listed[found].handle, chain: chain, table: table, in: transaction)
            listed.remove(at: found)
        }
    }

    /// The records of `priors`, together.
    private static func merged(_ priors: [PriorState]) -> NFTablesObjects {
        var objects = NFTablesObjects()
        for prior in priors {
            guard case .nftables(let made) = prior else { continue }
            objects.ipv4 = objects.ipv4 ?? made.ipv4
            objects.ipv6 = objects.ipv6 ?? made.ipv6
        }
        return objects
    }

    private func nftables<T>(_ body: () throws(NFTablesError) -> T) throws(StepError) -> T {
        do {
            return try body()
        } catch {
            throw .nftables(error)
        }
    }
}

extension NFTablesObjects {
    /// The objects of `family`.
    subscript(family: IPFamily) -> Made? {
        get { family == .ipv4 ? ipv4 : ipv6 }
        set { if family == .ipv4 { ipv4 = newValue } else { ipv6 = newValue } }
    }
}
