import VMNetCore
import VMNetEngine

/// The state file of one VM in one network namespace: the facts it was planned from, the plan, and where each
/// host step stands with what it changed, so `vmnet down` can undo exactly what `vmnet up` made.
public struct Journal: Codable, Sendable {
    /// What never changes once the journal is made: written once, kept verbatim on every rewrite.
    public struct Header: Codable, Sendable {
        /// The file format's version.
        public var format: Int
        /// The VM.
        public var vm: VMReference
        /// The namespace file the steps were made in.
        public var namespace: String
        /// The cookie of the namespace the steps were made in: a namespace made again at the same path has
        /// another, and none of these steps.
        public var namespaceCookie: UInt64?
        /// The digest of what was planned (`ManifestDigest`): a second `up` of the same manifests changes nothing.
        public var manifestDigest: String
        /// The namespace's facts before any step: later plans of this VM use them, not the wired namespace's.
        public var facts: PodFacts
        /// The plan whose steps the entries follow.
        public var plan: VMPlan

        init(
            format: Int, vm: VMReference, namespace: String, namespaceCookie: UInt64?, manifestDigest: String,
            facts: PodFacts, plan: VMPlan
        ) {
            self.format = format
            self.vm = vm
            self.namespace = namespace
            self.namespaceCookie = namespaceCookie
            self.manifestDigest = manifestDigest
            self.facts = facts
            self.plan = plan
        }

        private enum CodingKeys: String, CodingKey {
            case format, vm, namespace, namespaceCookie, manifestDigest, facts, plan, natRules
        }

        /// Decodes a header. Journals written before contract 1.2 kept each NAT step's rules as compact lines in a
        /// `natRules` array beside the plan, its NAT steps emptied; those are put back.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            format = try container.decode(Int.self, forKey: .format)
            vm = try container.decode(VMReference.self, forKey: .vm)
            namespace = try container.decode(String.self, forKey: .namespace)
            namespaceCookie = try container.decodeIfPresent(UInt64.self, forKey: .namespaceCookie)
            manifestDigest = try container.decode(String.self, forKey: .manifestDigest)
            facts = try container.decode(PodFacts.self, forKey: .facts)
            var plan = try container.decode(VMPlan.self, forKey: .plan)
            if let natRules = try container.decodeIfPresent([[String]].self, forKey: .natRules) {
                var lines = natRules.makeIterator()
                for (interface, step) in Self.natSteps(of: plan) {
                    guard case .addNATRules(let chains, _) = plan.interfaces[interface].plan.steps[step], let stepLines = lines.next()
                    else {
                        throw DecodingError.dataCorruptedError(forKey: .natRules, in: container, debugDescription: "too few NAT steps")
                    }
                    var rules: [NATRule] = []
                    for line in stepLines {
                        guard let rule = NATRule(line: line) else {
                            throw DecodingError.dataCorruptedError(forKey: .natRules, in: container, debugDescription: "not a NAT rule: \(line)")
                        }
                        rules.append(rule)
                    }
                    plan.interfaces[interface].plan.steps[step] = .addNATRules(chains: chains, rules: rules)
                }
            }
            self.plan = plan
        }

        /// Encodes the header; the journal's encoder writes each NAT step's rules as one string of lines (contract
        /// 1.2's form).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(format, forKey: .format)
            try container.encode(vm, forKey: .vm)
            try container.encode(namespace, forKey: .namespace)
            try container.encodeIfPresent(namespaceCookie, forKey: .namespaceCookie)
            try container.encode(manifestDigest, forKey: .manifestDigest)
            try container.encode(facts, forKey: .facts)
            try container.encode(plan, forKey: .plan)
        }

        /// Where the NAT steps are: interface and step positions, in plan order.
        private static func natSteps(of plan: VMPlan) -> [(interface: Int, step: Int)] {
            plan.interfaces.indices.flatMap { interface in
                plan.interfaces[interface].plan.steps.indices.compactMap { step in
                    guard case .addNATRules = plan.interfaces[interface].plan.steps[step] else { return nil }
                    return (interface, step)
                }
            }
        }
    }

    /// Where the whole journal stands.
    public enum Phase: String, Codable, Sendable {
        /// `up` is making the steps (or was, when it crashed).
        case applying
        /// Every step is made.
        case applied
        /// A step failed and the ones before it are being undone.
        case rollingBack
        /// `down` (or `up --replace`) is undoing the steps.
        case tearingDown
    }

    /// The current file format.
    public static let format = 1

    /// The unchanging part.
    public var header: Header
    /// Where it stands.
    public var phase: Phase
    /// One entry per host step of `header.plan`, in plan order.
    public var entries: [JournalEntry]

    /// A new journal with every step pending.
    public init(
        vm: VMReference, namespace: NetworkNamespace, namespaceCookie: UInt64? = nil, manifestDigest: String,
        facts: PodFacts, plan: VMPlan
    ) {
        header = Header(
            format: Self.format, vm: vm, namespace: namespace.path, namespaceCookie: namespaceCookie,
            manifestDigest: manifestDigest, facts: facts, plan: plan)
        phase = .applying
        entries = plan.interfaces.flatMap { interface in
            interface.plan.steps.map { JournalEntry(interface: interface.plan.interface, summary: $0.description) }
        }
    }

    /// The plan's host steps, in the entries' order.
    public var steps: [HostStep] { header.plan.steps }

    /// Whether every step is made.
    public var isComplete: Bool { phase == .applied }

    /// Whether the journal was made in another namespace than the one whose cookie is `cookie`: that namespace
    /// is gone, and everything the journal records went with it.
    func describesAnotherNamespace(than cookie: UInt64?) -> Bool {
        guard let cookie, let made = header.namespaceCookie else { return false }
        return cookie != made
    }
}
