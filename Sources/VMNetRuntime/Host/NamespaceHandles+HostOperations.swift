import VMNetCore

/// The kernel's operations: netlink for links, addresses and routes, `/proc/sys/net` for sysctls, the NAT
/// backend the journal names (libnftnl for nf_tables, libiptc for the legacy nat tables) for NAT rules.
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

    func natUnavailability(_ backend: NATBackendKind, families: [IPFamily]) -> String? {
        natBackend(backend).unavailability(for: families)
    }

    func natPriors(_ steps: [NATStep], backend: NATBackendKind) throws(StepError) -> [PriorState] {
        try natBackend(backend).priors(NATBatch(steps))
    }

    func natApply(_ steps: [NATStep], priors: [PriorState], backend: NATBackendKind) throws(StepError) {
        try natBackend(backend).apply(NATBatch(steps), priors: priors)
    }

    func natRemove(_ steps: [NATStep], priors: [PriorState], backend: NATBackendKind) throws(StepError) {
        try natBackend(backend).undo(NATBatch(steps), priors: priors)
    }

    func missingNATRules(_ rules: [NATRule], backend: NATBackendKind) throws(StepError) -> [String] {
        try natBackend(backend).missing(rules)
    }

    private var performer: StepPerformer { StepPerformer(handles: self) }
}
