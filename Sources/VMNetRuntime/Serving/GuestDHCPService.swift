import VMNetCore
import VMNetDHCP
import VMNetSystem

/// Serves DHCP to the guests of wired VMs: one DHCPv4 server (and one DHCPv6 server for IPv6 masquerade) per
/// interface whose plan asks for it, each on its bridge inside the pod's network namespace.
///
/// Embedding daemons use it as `vmnet up --serve` does: create it from the plans (or the journals), `start(in:)`,
/// watch the events, `stop()`.
public final class GuestDHCPService: @unchecked Sendable {
    // @unchecked: `servers` is written only by `start` and `stop`, which callers do not run concurrently.

    /// One interface's plan to serve, with the VM it belongs to.
    public struct Lease: Sendable {
        /// The VM's `namespace/name`.
        public var vm: String
        /// The VM interface.
        public var interface: String
        /// The DHCP plan.
        public var plan: DHCPServerPlan
    }

    /// The leases to serve, in plan order.
    public let leases: [Lease]
    private let resolvConf: ResolvConf
    private let onEvent: @Sendable (GuestDHCPEvent) -> Void
    private var servers: [any DHCPServing] = []

    /// Prepares a stopped service for every interface of `plans` that serves DHCP; `onEvent` is called on the
    /// servers' threads.
    public init(
        plans: [VMPlan], resolvConf: ResolvConf, onEvent: @escaping @Sendable (GuestDHCPEvent) -> Void = { _ in }
    ) {
        leases = plans.flatMap { plan in
            plan.interfaces.compactMap { interface in
                interface.plan.dhcp.map { Lease(vm: "\(plan.namespace)/\(plan.name)", interface: interface.plan.interface, plan: $0) }
            }
        }
        self.resolvConf = resolvConf
        self.onEvent = onEvent
    }

    deinit { stop() }

    /// Starts every server on sockets made inside `namespace`; on a failure the ones already started are stopped.
    public func start(in namespace: NamespaceThread) throws(ServingError) {
        var started: [any DHCPServing] = []
        do throws(ServingError) {
            for lease in leases {
                for server in try servers(for: lease) {
                    do throws(DHCPServerError) {
                        try server.start(in: namespace)
                    } catch {
                        throw .server(interface: lease.plan.interface, error)
                    }
                    started.append(server)
                }
            }
        } catch {
            started.forEach { $0.stop() }
            throw error
        }
        servers = started
    }

    /// The DHCPv4 server of `lease`, and its DHCPv6 server when the plan serves IPv6.
    private func servers(for lease: Lease) throws(ServingError) -> [any DHCPServing] {
        let report = onEvent
        let (vm, interface, bridge) = (lease.vm, lease.interface, lease.plan.interface)
        let v4Configuration = try lease.plan.ipv4Configuration(resolvConf: resolvConf)
        let v6Configuration = try lease.plan.ipv6Configuration(resolvConf: resolvConf)
        do throws(DHCPConfigurationError) {
            var made: [any DHCPServing] = [
                try DHCPv4Server(configuration: v4Configuration) { event in
                    switch event {
                    case .leaseGranted(let client, let address):
                        report(.leaseGranted(vm: vm, interface: interface, bridge: bridge, client: client?.description ?? "?", address: address.description))
                    case .packetDropped(let reason):
                        report(.packetDropped(vm: vm, interface: interface, bridge: bridge, reason: "\(reason)"))
                    case .sendFailed(let error):
                        report(.sendFailed(vm: vm, interface: interface, bridge: bridge, reason: error.description))
                    }
                }
            ]
            if let v6Configuration {
                made.append(
                    try DHCPv6Server(configuration: v6Configuration) { event in
                        switch event {
                        case .leaseGranted(_, let address):
                            report(.leaseGranted(vm: vm, interface: interface, bridge: bridge, client: "a DHCPv6 client", address: address.description))
                        case .packetDropped(let reason):
                            report(.packetDropped(vm: vm, interface: interface, bridge: bridge, reason: "\(reason)"))
                        case .sendFailed(let error):
                            report(.sendFailed(vm: vm, interface: interface, bridge: bridge, reason: error.description))
                        }
                    })
            }
            return made
        } catch {
            throw .configuration(interface: bridge, error)
        }
    }

    /// Stops every server; it returns once their threads have finished.
    public func stop() {
        servers.forEach { $0.stop() }
        servers = []
    }

    /// Packets received, replied and dropped, and leases granted, summed over the servers.
    public var counters: DHCPServerCounters {
        servers.reduce(into: DHCPServerCounters()) { total, server in
            let counters = server.counters
            total.received += counters.received
            total.replied += counters.replied
            total.dropped += counters.dropped
            total.leasesGranted += counters.leasesGranted
            total.sendFailures += counters.sendFailures
        }
    }
}

/// What the service needs of a DHCPv4 or DHCPv6 server.
protocol DHCPServing: AnyObject, Sendable {
    func start(in namespace: NamespaceThread) throws(DHCPServerError)
    func stop()
    var counters: DHCPServerCounters { get }
}

extension DHCPv4Server: DHCPServing {}
extension DHCPv6Server: DHCPServing {}
