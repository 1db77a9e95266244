import VMNetCore

/// The kernel's operations: netlink for links, addresses and routes, `/proc/sys/net` for sysctls, libiptc for
/// the nat tables.
extension NamespaceHandles: HostOperations {
    var namespaceCookie: UInt64? { NamespaceCookie.current() }

    func links() throws(StepError) -> [Link] {
        try performer.netlink { () throws(NetlinkError) in try socket.links() }
    }

    func addresses() throws(StepError) -> [InterfaceAddress] {
        try performer.netlink { () throws(NetlinkError) in try socket.addresses() }
    }

    func routes() throws(StepError) -> [Route] {
        try performer.netlink { () throws(NetlinkError) in try socket.routes() }
    }

    func sysctl(_ key: String) throws(StepError) -> String {
        do {
            return try sysctl.read(key)
        } catch {
            throw .sysctl(error)
        }
    }

    func prior(of step: HostStep) throws(StepError) -> PriorState {
        try performer.prior(of: step)
    }

    func apply(_ step: HostStep, prior: PriorState) throws(StepError) {
        try performer.apply(step, prior: prior)
    }

    func undo(_ step: HostStep, prior: PriorState) throws(StepError) {
        try performer.undo(step, prior: prior)
    }

    func deleteLinks(_ names: [String]) throws(StepError) {
        try performer.deleteLinks(names)
    }

    func natPriors(_ steps: [NATStep]) throws(StepError) -> [PriorState] {
        try NATBatch(steps).priors(self).map { .natRules(createdChains: $0) }
    }

    func natApply(_ steps: [NATStep], priors: [PriorState]) throws(StepError) {
        try NATBatch(steps).apply(self, created: priors.map(\.createdChains))
    }

    func natRemove(_ steps: [NATStep], priors: [PriorState]) throws(StepError) {
        try NATBatch(steps).undo(self, created: priors.map(\.createdChains))
    }

    func missingNATRules(_ rules: [NATRule]) throws(StepError) -> [String] {
        try NATBatch.missing(rules, in: self)
    }

    private var performer: StepPerformer { StepPerformer(handles: self) }
}
