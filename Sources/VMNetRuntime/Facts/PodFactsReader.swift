import VMNetCore
import VMNetSystem

/// Reads a namespace's interfaces into the `PodFacts` bindings plan from: each link's MAC, MTU, global addresses
/// and main-table routes, as the CNI left them.
///
/// Once vmnet has wired a VM, the namespace no longer looks as the CNI left it (the bridge binding takes the pod
/// interface's addresses away), so for a wired VM the facts come from its journal, recorded before the first step.
public struct PodFactsReader: Sendable {
    /// Where the journals are.
    public var stateDirectory: StateDirectory

    /// A reader that looks for journals in `stateDirectory`.
    public init(stateDirectory: StateDirectory = StateDirectory()) {
        self.stateDirectory = stateDirectory
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

    /// Reads the facts on a thread inside `namespace`, unless `journaled` (given the namespace's cookie) has them.
    private func read(
        _ namespace: NetworkNamespace, journaled: @escaping (UInt64?) -> PodFacts?
    ) throws(ExecutorError) -> PodFacts {
        try NamespaceWork.run(in: namespace) { () throws(ExecutorError) in
            if let facts = journaled(NamespaceCookie.current()) { return facts }
            do throws(NetlinkError) {
                return try Self.read(RouteSocket())
            } catch {
                throw .cannotReadNamespace(namespace, .netlink(error))
            }
        }
    }

    /// The facts of the namespace `socket` belongs to: every link but loopback that has an Ethernet address, in
    /// index order, with its global addresses and the main-table routes through it (IPv6 link-local routes left
    /// out, like the link-local addresses).
    public static func read(_ socket: RouteSocket) throws(NetlinkError) -> PodFacts {
        let links = try socket.links()
        let addresses = try socket.addresses()
        let routes = try socket.routes()
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
