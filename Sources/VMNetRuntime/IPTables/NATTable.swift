import Glibc
import Synchronization
import VMNetCore

/// The nat table of one network namespace, edited through libiptc (`iptables-legacy`'s x_tables backend).
///
/// libiptc opens its raw socket in the namespace of the calling thread, so a `NATTable` is made on a
/// `NamespaceThread` and refuses (`.wrongNamespace`) to run on any thread outside that namespace. Each call is
/// one `iptc_init` … `iptc_commit`: a change of N rules replaces the table once, atomically.
public struct NATTable: Sendable {
    /// The address family: IPv4 uses libip4tc, IPv6 libip6tc.
    public let family: IPFamily
    /// The namespace this table belongs to.
    public let namespace: NamespaceIdentity

    /// libiptc keeps per-call state in globals (the last function for `iptc_strerror`), so calls are serialized
    /// process-wide.
    private static let library = Mutex(())

    /// The libiptc functions of `family`.
    let library: IPTC

    /// Binds to the nat table of the calling thread's namespace.
    public init(family: IPFamily) throws(IPTablesError) {
        try self.init(family: family, library: family == .ipv4 ? .ipv4 : .ipv6)
    }

    init(family: IPFamily, library: IPTC) throws(IPTablesError) {
        guard let namespace = NamespaceIdentity.current() else {
            throw .refused(operation: "stat /proc/thread-self/ns/net", reason: String(cString: strerror(errno)))
        }
        self.family = family
        self.namespace = namespace
        self.library = library
    }

    /// Creates each of `chains` that does not exist yet, then appends `rules` in order, in one commit.
    public func install(chains: [String], rules: [IPTablesRule]) throws(IPTablesError) {
        let entries = try rules.map { rule throws(IPTablesError) in try NATEntry.bytes(for: rule, family: family) }
        for chain in chains { try NATEntry.checkChain(chain, nil) }
        try transaction(commit: true) { iptc, handle throws(IPTablesError) in
            for chain in chains where !iptc.isChain(chain, handle) {
                try check(iptc, "create chain \(chain)", iptc.createChain(chain, handle))
            }
            for (rule, entry) in zip(rules, entries) {
                let rc = entry.withUnsafeBytes { iptc.append(rule.chain, $0.baseAddress!, handle) }
                try check(iptc, "append `\(rule)`", rc)
            }
        }
    }

    /// Deletes one copy of each of `rules`, then each of `chains` left empty and unreferenced, in one commit.
    ///
    /// Rules and chains that are already gone are reported, not treated as errors, so a teardown can be
    /// repeated after a crash.
    @discardableResult
    public func remove(rules: [IPTablesRule], chains: [String]) throws(IPTablesError) -> NATRemoval {
        let entries = try rules.map { rule throws(IPTablesError) in try NATEntry.bytes(for: rule, family: family) }
        for chain in chains { try NATEntry.checkChain(chain, nil) }
        return try transaction(commit: true) { iptc, handle throws(IPTablesError) in
            var removal = NATRemoval(removedRules: [], missingRules: [], deletedChains: [], keptChains: [])
            for (rule, entry) in zip(rules, entries) {
                guard iptc.isChain(rule.chain, handle) else {
                    removal.missingRules.append(rule)
                    continue
                }
                var entry = entry
                var mask = [UInt8](repeating: 0xFF, count: entry.count)
                let rc = entry.withUnsafeMutableBytes { iptc.delete(rule.chain, $0.baseAddress!, &mask, handle) }
                if rc != 0 {
                    removal.removedRules.append(rule)
                } else if errno == ENOENT {
                    removal.missingRules.append(rule)
                } else {
                    throw .refused(operation: "delete `\(rule)`", reason: iptc.describe(errno))
                }
            }
            for chain in chains where iptc.isChain(chain, handle) {
                if iptc.firstRule(chain, handle) != nil || (iptc.references(chain, handle) ?? 1) > 0 {
                    removal.keptChains.append(chain)
                } else {
                    try check(iptc, "delete chain \(chain)", iptc.deleteChain(chain, handle))
                    removal.deletedChains.append(chain)
                }
            }
            return removal
        }
    }

    /// Every chain of the table with its rules, built-in chains first, as libiptc lists them.
    public func chains() throws(IPTablesError) -> [NATChain] {
        try transaction(commit: false) { iptc, handle in
            var chains: [NATChain] = []
            var name = iptc.firstChain(handle)
            while let chain = name {
                var entries: [NATChain.Entry] = []
                var entry = iptc.firstRule(chain, handle)
                while let current = entry {
                    let target = iptc.target(current, handle)
                    if let rule = NATEntry.rule(chain: chain, entry: current, targetName: target, family: family) {
                        entries.append(.rule(rule))
                    } else {
                        entries.append(.unrecognized(target: target))
                    }
                    entry = iptc.nextRule(current, handle)
                }
                chains.append(NATChain(name: chain, isBuiltin: iptc.isBuiltin(chain, handle), entries: entries))
                name = iptc.nextChain(handle)
            }
            return chains
        }
    }

    private func check(_ iptc: IPTC, _ operation: @autoclosure () -> String, _ rc: Int32) throws(IPTablesError) {
        if rc == 0 { throw .refused(operation: operation(), reason: iptc.describe(errno)) }
    }

    /// Opens the nat table, runs `body` on the handle and commits when asked: the one seam every libiptc
    /// transaction goes through.
    private func transaction<T: Sendable>(
        commit: Bool, _ body: (IPTC, OpaquePointer) throws(IPTablesError) -> T
    ) throws(IPTablesError) -> T {
        let current = NamespaceIdentity.current()
        guard current == namespace else { throw .wrongNamespace(expected: namespace, actual: current) }
        let iptc = library
        let table = family == .ipv4 ? "iptables" : "ip6tables"
        return try Self.library.withLock { _ throws(IPTablesError) -> T in
            try XtablesLock.holding { () throws(IPTablesError) -> T in
                guard let handle = iptc.initialize("nat") else {
                    throw .refused(operation: "open the \(table) nat table", reason: iptc.describe(errno))
                }
                defer { iptc.free(handle) }
                let result = try body(iptc, handle)
                if commit, iptc.commit(handle) == 0 {
                    throw .refused(operation: "commit the \(table) nat table", reason: iptc.describe(errno))
                }
                return result
            }
        }
    }
}
