import Glibc
import VMNetCore
import VMNetRuntime

/// The operations of one embedded namespace: the steps' prior states, changes and undos worked out on its data
/// as `StepPerformer` works them out on the kernel's, so journals written against either read the same.
final class EmbeddedOperations: HostOperations {
    private let host: EmbeddedHost
    private let path: String
    let namespaceCookie: UInt64?

    init(host: EmbeddedHost, path: String, cookie: UInt64) {
        self.host = host
        self.path = path
        namespaceCookie = cookie
    }

    func links() throws(StepError) -> [Link] {
        try links("read links") { $0.links.sorted { $0.index < $1.index } }
    }

    func addresses() throws(StepError) -> [InterfaceAddress] {
        try links("read addresses") { $0.addresses }
    }

    func routes() throws(StepError) -> [Route] {
        try links("read routes") { $0.routes }
    }

    func sysctl(_ key: String) throws(StepError) -> String {
        try host.operate(path, "read sysctl \(key)", refusal: Self.sysctlRefusal(key)) { namespace throws(StepError) in
            try Self.value(of: key, in: namespace)
        }
    }

    func prior(of step: HostStep) throws(StepError) -> PriorState {
        try operate(step, "read what `\(step)` changes") { namespace throws(StepError) in try Self.prior(of: step, in: namespace) }
    }

    func apply(_ step: HostStep, prior: PriorState) throws(StepError) {
        try operate(step, "\(step)") { namespace throws(StepError) in try Self.apply(step, prior: prior, to: &namespace) }
    }

    func undo(_ step: HostStep, prior: PriorState) throws(StepError) {
        try operate(step, "undo `\(step)`") { namespace throws(StepError) in try Self.undo(step, prior: prior, in: &namespace) }
    }

    func deleteLinks(_ names: [String]) throws(StepError) {
        try links("delete links \(names.joined(separator: ", "))") { namespace throws(StepError) in
            for name in names where namespace.link(name) != nil {
                try Self.netlink { () throws(NetlinkError) in try namespace.deleteLink(name) }
            }
        }
    }

    /// The in-memory nat tables stand for either backend's: both take the same rules.
    func natUnavailability(_ backend: NATBackendKind, families: [IPFamily]) -> String? { nil }

    func natPriors(_ steps: [NATStep], backend: NATBackendKind) throws(StepError) -> [PriorState] {
        try nat("read the nat chains") { namespace throws(StepError) in
            try NATStep.chainsCreated(by: steps) { family in namespace.nat.chains(family) }.map { .natRules(createdChains: $0) }
        }
    }

    func natApply(_ steps: [NATStep], priors: [PriorState], backend: NATBackendKind) throws(StepError) {
        try nat("install \(steps.map(\.rules.count).reduce(0, +)) NAT rules") { namespace throws(StepError) in
            for family in IPFamily.allCases where steps.contains(where: { $0.hasRules(in: family) }) {
                var seen: Set<String> = []
                let chains = steps.filter { $0.hasRules(in: family) }.flatMap(\.chains).filter { seen.insert($0).inserted }
                let rules = steps.flatMap(\.rules).filter { $0.family == family }
                do throws(IPTablesError) {
                    try namespace.nat.install(family, chains: chains, rules: rules)
                } catch {
                    throw .iptables(error)
                }
            }
        }
    }

    func natRemove(_ steps: [NATStep], priors: [PriorState], backend: NATBackendKind) throws(StepError) {
        try nat("remove \(steps.map(\.rules.count).reduce(0, +)) NAT rules") { namespace in
            for family in IPFamily.allCases.reversed() {
                let rules = steps.flatMap(\.rules).filter { $0.family == family }
                namespace.nat.remove(family, rules: rules, chains: priors.flatMap { $0.createdChains[family] })
            }
        }
    }

    func missingNATRules(_ rules: [NATRule], backend: NATBackendKind) throws(StepError) -> [String] {
        try nat("read the nat rules") { namespace in
            IPFamily.allCases.flatMap { family in
                rules.filter { $0.family == family }.compactMap { rule in
                    guard let chain = namespace.nat.rules(family, chain: rule.chain) else {
                        return "NAT chain \(rule.chain) (\(family)) is missing"
                    }
                    return chain.contains(rule) ? nil : "NAT rule `\(rule)` (\(family)) is missing"
                }
            }
        }
    }

    /// An operation for `step`, refused as the kernel refuses that kind of step.
    private func operate<T>(
        _ step: HostStep, _ what: String, _ body: (inout EmbeddedNamespace) throws(StepError) -> T
    ) throws(StepError) -> T {
        guard case .setSysctl(let key, _) = step else { return try links(what, body) }
        return try host.operate(path, what, refusal: Self.sysctlRefusal(key), body)
    }

    /// An operation on links, addresses or routes, which netlink would refuse.
    private func links<T>(_ what: String, _ body: (inout EmbeddedNamespace) throws(StepError) -> T) throws(StepError) -> T {
        try host.operate(path, what, refusal: { reason in
            .netlink(.refused(operation: what, code: NetlinkError.Code(rawValue: 1), reason: reason))
        }, body)
    }

    /// An operation on the nat tables, which libiptc would refuse.
    private func nat<T>(_ what: String, _ body: (inout EmbeddedNamespace) throws(StepError) -> T) throws(StepError) -> T {
        try host.operate(path, what, refusal: { reason in .iptables(.refused(operation: what, reason: reason)) }, body)
    }

    private static func sysctlRefusal(_ key: String) -> (String) -> StepError {
        { reason in .sysctl(.system(operation: "open /proc/sys/\(key) (\(reason))", code: EIO)) }
    }

    static func value(of key: String, in namespace: EmbeddedNamespace) throws(StepError) -> String {
        guard let value = namespace.sysctls[key] else { throw .sysctl(.system(operation: "open /proc/sys/\(key)", code: ENOENT)) }
        return value
    }

    static func netlink<T>(_ body: () throws(NetlinkError) -> T) throws(StepError) -> T {
        do {
            return try body()
        } catch {
            throw .netlink(error)
        }
    }
}
