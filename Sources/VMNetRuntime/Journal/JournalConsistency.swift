import VMNetCore

/// Whether a journal read from disk is one `up` could have written: an entry per step of its plan, each recording
/// the prior state of the very link, sysctl or chains its step changes, and a plan whose steps change only the
/// pod's interfaces as planned and the links the plan itself creates. `down` undoes what the entries say, so an
/// entry edited to name the pod's `eth0` as a link vmnet made would otherwise delete it.
enum JournalConsistency {
    /// Why `journal` cannot have been written by `up`; nil when it can.
    static func problem(of journal: Journal) -> String? {
        let steps = journal.header.plan.interfaces.flatMap { interface in
            interface.plan.steps.map { (interface: interface.plan.interface, step: $0) }
        }
        guard journal.entries.count == steps.count else {
            return "it has \(journal.entries.count) entries for the \(steps.count) steps of its plan"
        }
        for (index, (entry, planned)) in zip(journal.entries, steps).enumerated() {
            guard entry.interface == planned.interface else {
                return "entry \(index + 1) is of interface \(entry.interface), its step of interface \(planned.interface)"
            }
            if let prior = entry.prior, let mismatch = mismatch(prior, planned.step) {
                return "entry \(index + 1) (\(planned.step)) records \(mismatch)"
            }
        }
        return foreignLink(in: journal)
    }

    /// What is wrong with `prior` as the prior state of `step`; nil when it fits.
    private static func mismatch(_ prior: PriorState, _ step: HostStep) -> String? {
        switch (step, prior) {
        case (.createBridge(let name, _, _), .newLink(let made)), (.createTap(let name, _, _, _, _), .newLink(let made)),
            (.createMACVLAN(let name, _, _, _), .newLink(let made)):
            return made == name ? nil : "that it created link \(made)"
        case (.renameLink(let from, _), .linkName(let was)):
            return was == from ? nil : "that the link was named \(was)"
        case (.setLinkState(let link, _), .linkState(_, let snapshot)), (.removeAddress(let link, _), .address(_, let snapshot?)):
            return snapshot.link == link ? nil : "the addresses and routes of link \(snapshot.link)"
        case (.addAddress, .address(_, nil)), (.removeAddress, .address(_, nil)), (.setMACAddress, .macAddress), (.setMTU, .mtu),
            (.setMaster, .master), (.setLearning, .learning), (.setSysctl, .sysctl), (.custom, .custom):
            return nil
        case (.addNATRules(let chains, _), .natRules(let created)):
            let foreign = (created.ipv4 + created.ipv6).filter { !chains.contains($0) }
            return foreign.isEmpty ? nil : "that it created chain \(foreign[0]), which the step does not create"
        case (.addNATRules(let chains, _), .nftables(let made)):
            let tables = [made.ipv4, made.ipv6].compactMap { $0 }
            if let foreign = tables.first(where: { $0.table != NFTablesNAT.tableName }) {
                return "that it made objects in table \(foreign.table), which is not vmnet's"
            }
            let allowed = Set(chains + NFTablesNAT.baseChains.map(\.name))
            let foreign = tables.flatMap(\.createdChains).filter { !allowed.contains($0) }
            return foreign.isEmpty ? nil : "that it created chain \(foreign[0]), which the step does not create"
        default:
            return "a prior state of another kind of step (\(prior))"
        }
    }

    /// The first link a typed step changes that is neither one of the pod's interfaces the plan was made from nor
    /// one the plan creates or renames to, or a link the plan creates that the pod had already. A plan with a
    /// plugin's own step is not judged so: that step may create links no typed step names.
    private static func foreignLink(in journal: Journal) -> String? {
        let steps = journal.steps
        let pod = Set(journal.header.facts.interfaces.map(\.name))
        var known = pod
        for step in steps {
            switch step {
            case .createBridge(let name, _, _), .createTap(let name, _, _, _, _), .createMACVLAN(let name, _, _, _):
                if pod.contains(name) { return "its plan creates link \(name), which the pod had already" }
                known.insert(name)
            case .renameLink(_, let to):
                known.insert(to)
            case .custom:
                return nil
            default:
                break
            }
        }
        for step in steps {
            let links: [String]
            switch step {
            case .renameLink(let from, _): links = [from]
            case .setMACAddress(let link, _), .setMTU(let link, _), .setLearning(let link, _), .setLinkState(let link, _),
                .addAddress(let link, _), .removeAddress(let link, _):
                links = [link]
            case .setMaster(let link, let master): links = [link, master]
            case .createMACVLAN(_, let parent, _, _): links = [parent]
            default: links = []
            }
            if let foreign = links.first(where: { !known.contains($0) }) {
                return "its plan changes link \(foreign), which is neither one of the pod's interfaces it was planned "
                    + "from nor one the plan creates"
            }
        }
        return nil
    }
}
