import VMNetCore

extension Executor {
    /// Compares the namespace with what `vm`'s journal says `up` made: every link the done steps made or changed
    /// (its MAC, MTU, master, learning and state), every address added or removed, every sysctl and every NAT
    /// rule. Returns what differs, one sentence each; empty when the namespace is as wired. Changes nothing.
    public func check(_ vm: VMReference) throws(ExecutorError) -> [String] {
        try namespace.requireValid()
        let path = options.stateDirectory.journalPath(of: vm, in: namespace)
        guard let file = try JournalFile.load(path: path) else {
            return ["VM \(vm) is not wired into the \(namespace): no journal at \(path)"]
        }
        let journal = file.journal
        guard journal.isComplete else {
            return ["VM \(vm): its `up` did not finish (\(path)); run `vmnet down`, then `vmnet up` again"]
        }
        let namespace = self.namespace
        return try options.host.run(in: namespace) { (operations) throws(ExecutorError) -> [String] in
            if journal.describesAnotherNamespace(than: operations.namespaceCookie) {
                return ["the \(namespace) is not the one VM \(vm) was wired into: it was made again since"]
            }
            do throws(StepError) {
                return try WiredState(journal.steps, natBackend: journal.header.natBackend ?? .iptables)
                    .differences(from: operations)
            } catch {
                throw .cannotReadNamespace(namespace, error)
            }
        }
    }
}

/// What a plan's steps leave in a namespace, replayed in order: the last word on each property wins.
struct WiredState {
    /// What the steps say of one link.
    struct LinkState {
        var mac: String?
        var mtu: Int?
        var master: String?
        var learning: Bool?
        var isUp: Bool?
    }

    private var links: [String: LinkState] = [:]
    private var linkOrder: [String] = []
    private var addresses: [(link: String, address: IPNetwork, present: Bool)] = []
    private var sysctls: [(key: String, value: String)] = []
    private var rules: [NATRule] = []
    private let natBackend: NATBackendKind

    init(_ steps: [HostStep], natBackend: NATBackendKind) {
        self.natBackend = natBackend
        for step in steps { replay(step) }
    }

    private mutating func replay(_ step: HostStep) {
        switch step {
        case .createBridge(let name, let mac, let mtu):
            update(name) { $0.mac = mac; $0.mtu = mtu }
        case .createTap(let name, let mtu, _, _, _):
            update(name) { $0.mtu = mtu }
        case .createMACVLAN(let name, _, let mac, _):
            update(name) { $0.mac = mac }
        case .renameLink(let from, let to):
            let state = links.removeValue(forKey: from) ?? LinkState()
            linkOrder.removeAll { $0 == from }
            update(to) { $0 = state }
            for index in addresses.indices where addresses[index].link == from { addresses[index].link = to }
        case .setMACAddress(let link, let mac):
            update(link) { $0.mac = mac }
        case .setMTU(let link, let mtu):
            update(link) { $0.mtu = mtu }
        case .setMaster(let link, let master):
            update(link) { $0.master = master }
        case .setLearning(let link, let enabled):
            update(link) { $0.learning = enabled }
        case .setLinkState(let link, let up):
            update(link) { $0.isUp = up }
        case .addAddress(let link, let address):
            addresses.removeAll { $0.link == link && $0.address == address }
            addresses.append((link, address, true))
        case .removeAddress(let link, let address):
            addresses.removeAll { $0.link == link && $0.address == address }
            addresses.append((link, address, false))
        case .setSysctl(let key, let value):
            sysctls.removeAll { $0.key == key }
            sysctls.append((key, value))
        case .addNATRules(_, let added):
            rules += added
        case .custom:
            break
        }
    }

    private mutating func update(_ name: String, _ change: (inout LinkState) -> Void) {
        if links[name] == nil { linkOrder.append(name) }
        change(&links[name, default: LinkState()])
    }

    /// What the namespace `host` reaches differs from this state, one sentence each.
    func differences(from host: any HostOperations) throws(StepError) -> [String] {
        let live = try host.links()
        let liveAddresses = try host.addresses()
        var problems: [String] = []
        for name in linkOrder {
            guard let link = live.first(where: { $0.name == name }) else {
                problems.append("link \(name) is missing")
                continue
            }
            problems += differences(of: link, from: links[name]!, among: live)
        }
        for (name, address, present) in addresses {
            let index = live.first { $0.name == name }?.index
            let found = liveAddresses.contains { $0.linkIndex == index && $0.local == address }
            if index != nil, found != present {
                problems.append(present ? "address \(address) is missing from \(name)" : "address \(address) is back on \(name)")
            }
        }
        for (key, value) in sysctls {
            do {
                let current = try host.sysctl(key)
                if current != value { problems.append("sysctl \(key) is \(current), not \(value)") }
            } catch {
                problems.append("sysctl \(key) cannot be read: \(error)")
            }
        }
        return problems + (try natDifferences(host))
    }

    private func differences(of link: Link, from expected: LinkState, among live: [Link]) -> [String] {
        var problems: [String] = []
        let name = link.name
        if let mac = expected.mac, link.mac?.description != (try? MACAddress(parsing: mac))?.description {
            problems.append("link \(name) has MAC \(link.mac?.description ?? "none"), not \(mac)")
        }
        if let mtu = expected.mtu, link.mtu != mtu { problems.append("link \(name) has MTU \(link.mtu), not \(mtu)") }
        if let master = expected.master {
            let current = link.masterIndex.flatMap { index in live.first { $0.index == index }?.name }
            if current != master { problems.append("link \(name) is a port of \(current ?? "no bridge"), not of \(master)") }
        }
        if let learning = expected.learning, let current = link.learning, current != learning {
            problems.append("link \(name) has learning \(current ? "on" : "off"), not \(learning ? "on" : "off")")
        }
        if let up = expected.isUp, link.isUp != up { problems.append("link \(name) is \(link.isUp ? "up" : "down"), not \(up ? "up" : "down")") }
        return problems
    }

    private func natDifferences(_ host: any HostOperations) throws(StepError) -> [String] {
        guard !rules.isEmpty else { return [] }
        var seen: Set<String> = []
        return try host.missingNATRules(rules, backend: natBackend).filter { seen.insert($0).inserted }
    }
}
