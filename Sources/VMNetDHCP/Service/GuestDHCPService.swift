import VMNetSystem

/// Serves DHCP to the guests of wired VMs: one DHCPv4 server (and one DHCPv6 server for IPv6 masquerade) per
/// guest interface, each on its bridge inside the pod's network namespace.
///
/// Embedding daemons use it as `vmnet-dhcpd` does: create it from the guests (VMNetRuntime makes them from the
/// plans or the journals), `start(in:)`, watch the events, `stop()`.
public final class GuestDHCPService: @unchecked Sendable {
    // @unchecked: `servers` is written only by `start` and `stop`, which callers do not run concurrently.

    /// The guests served, in plan order.
    public let guests: [DHCPGuest]
    private var prepared: [any DHCPServing]
    private var servers: [any DHCPServing] = []

    /// Prepares a stopped service for `guests`; `onEvent` is called on the servers' threads.
    ///
    /// - Throws: `ServingError.configuration` when a guest's configuration cannot be served.
    public init(guests: [DHCPGuest], onEvent: @escaping @Sendable (GuestDHCPEvent) -> Void = { _ in })
        throws(ServingError)
    {
        self.guests = guests
        var prepared: [any DHCPServing] = []
        for guest in guests {
            prepared += try Self.servers(for: guest, onEvent: onEvent)
        }
        self.prepared = prepared
    }

    deinit { stop() }

    /// Starts every server on sockets made inside `namespace`; on a failure the ones already started are stopped.
    public func start(in namespace: NamespaceThread) throws(ServingError) {
        var started: [any DHCPServing] = []
        for server in prepared {
            do throws(DHCPServerError) {
                try server.start(in: namespace)
            } catch {
                started.forEach { $0.stop() }
                throw .server(interface: server.interfaceName, error)
            }
            started.append(server)
        }
        servers = started
    }

    /// Stops every server; it returns once their threads have finished.
    public func stop() {
        servers.forEach { $0.stop() }
        servers = []
    }

    /// Packets received, replied and dropped, and leases granted, summed over the servers.
    public var counters: DHCPServerCounters {
        prepared.reduce(into: DHCPServerCounters()) { total, server in
            let counters = server.counters
            total.received += counters.received
            total.replied += counters.replied
            total.dropped += counters.dropped
            total.leasesGranted += counters.leasesGranted
            total.sendFailures += counters.sendFailures
        }
    }

    /// The DHCPv4 server of `guest`, and its DHCPv6 server when it gets IPv6.
    private static func servers(
        for guest: DHCPGuest, onEvent report: @escaping @Sendable (GuestDHCPEvent) -> Void
    ) throws(ServingError) -> [any DHCPServing] {
        let (vm, interface, bridge) = (guest.vm, guest.interface, guest.bridge)
        do throws(DHCPConfigurationError) {
            var made: [any DHCPServing] = [
                try DHCPv4Server(configuration: guest.ipv4) { event in
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
            if let ipv6 = guest.ipv6 {
                made.append(
                    try DHCPv6Server(configuration: ipv6) { event in
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
}

/// What the service needs of a DHCPv4 or DHCPv6 server.
protocol DHCPServing: AnyObject, Sendable {
    func start(in namespace: NamespaceThread) throws(DHCPServerError)
    func stop()
    var counters: DHCPServerCounters { get }
    var interfaceName: String { get }
}

extension DHCPv4Server: DHCPServing {
    var interfaceName: String { configuration.interfaceName }
}

extension DHCPv6Server: DHCPServing {
    var interfaceName: String { configuration.interfaceName }
}
