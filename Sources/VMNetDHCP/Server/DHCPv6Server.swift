import VMNetSystem

/// A DHCPv6 server handing one address to the clients of one interface, running on its own thread.
///
/// Its socket is created inside the network namespace it serves, bound to the served interface, and joins
/// All_DHCP_Relay_Agents_and_Servers (`ff02::1:2`) there. A packet that cannot be answered is counted and
/// reported, never fatal.
public final class DHCPv6Server: Sendable {
    /// The multicast group clients send to (RFC 8415 §7.1).
    public static let allServersGroup = IPv6Address(octets: [0xFF, 0x02] + [UInt8](repeating: 0, count: 11) + [1, 0, 2])!

    /// The decisions the server acts on.
    public let responder: DHCPv6Responder
    private let onEvent: @Sendable (DHCPv6ServerEvent) -> Void
    private let state = ServerState()

    /// Checks `configuration` and prepares a stopped server; `onEvent` is called on the server's thread.
    ///
    /// - Throws: `DHCPConfigurationError` when the configuration cannot be served.
    public init(
        configuration: DHCPv6ServerConfiguration,
        onEvent: @escaping @Sendable (DHCPv6ServerEvent) -> Void = { _ in }
    ) throws(DHCPConfigurationError) {
        responder = try DHCPv6Responder(configuration: configuration)
        self.onEvent = onEvent
    }

    deinit { stop() }

    /// The configuration served.
    public var configuration: DHCPv6ServerConfiguration { responder.configuration }

    /// What the server has seen and done so far.
    public var counters: DHCPServerCounters { state.counters }

    /// Whether the server is receiving.
    public var isRunning: Bool { state.isRunning }

    /// Opens the server's socket on `namespace`'s thread, inside the namespace, and starts serving.
    ///
    /// - Throws: `DHCPServerError` when the server runs already, the interface is missing or the port is taken.
    public func start(in namespace: NamespaceThread) throws(DHCPServerError) {
        try start(namespace)
    }

    /// Opens the server's socket in the calling thread's network namespace and starts serving.
    ///
    /// - Throws: `DHCPServerError` when the server runs already, the interface is missing or the port is taken.
    public func start() throws(DHCPServerError) {
        try start(nil)
    }

    /// Stops serving and closes the socket; returns once the server's thread has finished. Does nothing when stopped.
    public func stop() {
        state.stop()
    }

    private func start(_ namespace: NamespaceThread?) throws(DHCPServerError) {
        let interface = configuration.interfaceName
        let (responder, onEvent, state) = (responder, onEvent, state)
        try state.start(
            in: namespace, name: "dhcp6 \(interface)",
            open: { () throws(DHCPServerError) in
                try DatagramSocket.ipv6(interface: interface, port: DHCPPort.serverV6, group: Self.allServersGroup)
            },
            handle: { datagram, socket in
                Self.handle(datagram, on: socket, responder: responder, state: state, onEvent: onEvent)
            }
        )
    }

    private static func handle(
        _ datagram: Datagram, on socket: DatagramSocket, responder: DHCPv6Responder, state: ServerState,
        onEvent: (DHCPv6ServerEvent) -> Void
    ) {
        state.count { $0.received += 1 }
        func drop(_ reason: DHCPv6DropReason) {
            state.count { $0.dropped += 1 }
            onEvent(.packetDropped(reason))
        }
        if let index = datagram.interfaceIndex, index != socket.interfaceIndex {
            return drop(.wrongInterface(index: index))
        }
        let request: DHCPv6Message
        do {
            request = try DHCPv6Message(decoding: datagram.bytes)
        } catch {
            return drop(.malformed(error))
        }
        switch responder.respond(to: request) {
        case .failure(let reason):
            drop(reason)
        case .success(let reply):
            do {
                try socket.send(reply.encoded(), to: datagram.source)
            } catch {
                state.count { $0.sendFailures += 1 }
                return onEvent(.sendFailed(error))
            }
            let granted = DHCPv6Responder.grantsLease(reply, answering: request)
            state.count {
                $0.replied += 1
                if granted { $0.leasesGranted += 1 }
            }
            if granted {
                onEvent(.leaseGranted(clientID: request[.clientID] ?? [], address: responder.configuration.address))
            }
        }
    }
}
