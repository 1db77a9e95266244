import VMNetCore
import VMNetEngine
import VMNetSystem

/// Reads a namespace's interfaces into the `PodFacts` bindings plan from: each link's MAC, MTU, global addresses
/// and main-table routes, as the CNI left them.
///
/// Once vmnet has wired a VM, the namespace no longer looks as the CNI left it (the bridge binding takes the pod
/// interface's addresses away), so for a wired VM the facts come from its journal, recorded before the first step.
public struct PodFactsReader: Sendable {
    /// Where the journals are.
    public var stateDirectory: StateDirectory
    /// The host whose namespaces are read: the kernel's, unless a test gives an in-memory one.
    public var host: any NetworkHost

    /// A reader that looks for journals in `stateDirectory` and reads the namespaces of `host`.
    public init(stateDirectory: StateDirectory = StateDirectory(), host: any NetworkHost = KernelHost()) {
        self.stateDirectory = stateDirectory
        self.host = host
    }

    /// The facts `vm` is planned from in `namespace`: those journaled before it was wired, else (or when the
    /// journal belongs to an earlier namespace at the same path) the namespace's facts as they are now.
    public func facts(of vm: VMReference, in namespace: NetworkNamespace) throws(ExecutorError) -> PodFacts {
        let journal = try JournalFile.load(path: stateDirectory.journalPath(of: vm, in: namespace))?.journal
        return try read(namespace) { cookie in
            guard let journal, !journal.describesAnotherNamespace(than: cookie) else { return nil }
            return journal.header.facts
        }
    }

    /// The namespace's facts as they are now, read on a thread inside it.
    public func currentFacts(in namespace: NetworkNamespace) throws(ExecutorError) -> PodFacts {
        try read(namespace) { _ in nil }
    }

    /// Reads the facts inside `namespace`, unless `journaled` (given the namespace's cookie) has them.
    private func read(
        _ namespace: NetworkNamespace, journaled: @escaping (UInt64?) -> PodFacts?
    ) throws(ExecutorError) -> PodFacts {
        try host.run(in: namespace) { (operations) throws(ExecutorError) in
            if let facts = journaled(operations.namespaceCookie) { return facts }
            do throws(StepError) {
                return try Self.read(operations)
            } catch {
                throw .cannotReadNamespace(namespace, error)
            }
        }
    }

    /// The facts of the namespace `host` reaches: every link but loopback that has an Ethernet address, in index
    /// order, with its global addresses and the main-table routes through it (IPv6 link-local routes left out,
    /// like the link-local addresses).
    public static func read(_ host: any HostOperations) throws(StepError) -> PodFacts {
        let links = try host.links()
        let addresses = try host.addresses()
        let routes = try host.routes()
        let interfaces = links.compactMap { link -> PodInterface? in
            guard let mac = link.mac, link.name != "lo" else { return nil }
            return PodInterface(
                name: link.name, macAddress: mac.description, mtu: link.mtu,
                addresses: addresses.filter { $0.linkIndex == link.index && $0.scope == .universe }.map(\.local),
                routes: routes.filter { $0.outputIndex == link.index && !$0.destination.address.isIPv6LinkLocal }.map {
                    PodRoute(destination: $0.isDefault ? nil : $0.destination, gateway: $0.gateway)
                })
        }
        return PodFacts(interfaces: interfaces)
    }
}
