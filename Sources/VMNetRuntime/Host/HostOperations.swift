import VMNetCore

/// Everything the executor does to one namespace's kernel state: reading its links, addresses, routes and
/// sysctls, reading what a host step will change, making each kind of step and undoing it, deleting links, and
/// the NAT rules of a plan as data.
///
/// A `NetworkHost` hands these out inside `run(in:_:)`; they run on the caller's thread there. A plugin's
/// `custom` step is not among them: the executor hands it to its plugin. Every undo tolerates finding its step
/// never made (a crash may come between journaling a step and making it) and the links it touched gone.
///
/// Errors are the kernel's: `.netlink`, `.sysctl` and `.iptables` `StepError`s, or `.invalid` for a step that
/// cannot be made at all.
public protocol HostOperations {
    /// The namespace's cookie, which is never handed out again (a journal tells its namespace from a new one at
    /// the same path by it); nil when the host cannot tell.
    var namespaceCookie: UInt64? { get }

    /// The namespace's links, in index order.
    func links() throws(StepError) -> [Link]
    /// The addresses of every link, in the kernel's order.
    func addresses() throws(StepError) -> [InterfaceAddress]
    /// The main table's unicast routes.
    func routes() throws(StepError) -> [Route]
    /// The value of the network sysctl `key` (`net/ipv4/ip_forward`); throws when it cannot be read, as when
    /// the key does not exist.
    func sysctl(_ key: String) throws(StepError) -> String

    /// What `step` (any but `addNATRules` and `custom`) will change, as it is now: what the journal records
    /// before the step is made.
    func prior(of step: HostStep) throws(StepError) -> PriorState
    /// Makes `step` (any but `addNATRules` and `custom`), whose prior state is `prior`.
    func apply(_ step: HostStep, prior: PriorState) throws(StepError)
    /// Undoes `step` (any but `addNATRules` and `custom`), restoring `prior`.
    func undo(_ step: HostStep, prior: PriorState) throws(StepError)
    /// Deletes the links `names` that still exist, together.
    func deleteLinks(_ names: [String]) throws(StepError)

    /// What each of a plan's NAT steps will create, as the namespace is now (for the nat tables of iptables, the
    /// chains it names that neither exist yet nor are created by an earlier step): what the journal records.
    func natPriors(_ steps: [NATStep]) throws(StepError) -> [PriorState]
    /// Makes `steps`, whose prior states are `priors` (`natPriors(steps)`): all of them or, when this throws,
    /// none.
    func natApply(_ steps: [NATStep], priors: [PriorState]) throws(StepError)
    /// Removes what `steps`, whose prior states are `priors`, made, leaving what was there before; what is
    /// already gone is fine.
    func natRemove(_ steps: [NATStep], priors: [PriorState]) throws(StepError)
    /// What of `rules` the namespace lacks, one sentence each (`NAT rule `…` (IPv4) is missing`). Changes
    /// nothing.
    func missingNATRules(_ rules: [NATRule]) throws(StepError) -> [String]
}
