import VMNetSystem

/// A DHCPv4 server for one guest on one interface, running on its own thread.
///
/// Its socket is created inside the network namespace it serves and bound to the served interface, so datagrams
/// from other interfaces never reach it and replies leave through it. A packet that cannot be answered is
/// counted and reported, never fatal.
///
/// ```swift
/// let server = try DHCPv4Server(configuration: configuration) { event in print(event) }
/// try server.start(in: podNamespace)
/// defer { server.stop() }
/// ```
public final class DHCPv4Server: Sendable {
    /// The decisions the server acts on.
    public let responder: DHCPv4Responder
    private let onEvent: @Sendable (DHCPv4ServerEvent) -> Void
    private let state = ServerState()

    /// Checks `configuration` and prepares a stopped server; `onEvent` is called on the server's thread.
    ///
    /// - Throws: `DHCPConfigurationError` when the configuration cannot be served.
    public init(
        configuration: DHCPv4ServerConfiguration,
        onEvent: @escaping @Sendable (DHCPv4ServerEvent) -> Void = { _ in }
    ) throws(DHCPConfigurationError) {
        responder = try DHCPv4Responder(configuration: configuration)
        self.onEvent = onEvent
    }

    deinit { stop() }

    /// The configuration served.
    public var configuration: DHCPv4ServerConfiguration { responder.configuration }

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
            in: namespace, name: "dhcp4 \(interface)",
            open: { () throws(DHCPServerError) in try DatagramSocket.ipv4(interface: interface, port: DHCPPort.serverV4) },
            handle: { datagram, socket in
                Self.handle(datagram, on: socket, responder: responder, state: state, onEvent: onEvent)
            }
        )
    }

    private static func handle(
        _ datagram: Datagram, on socket: DatagramSocket, responder: DHCPv4Responder, state: ServerState,
        onEvent: (DHCPv4ServerEvent) -> Void
    ) {
        state.count { $0.received += 1 }
        func drop(_ reason: DHCPv4DropReason) {
            state.count { $0.dropped += 1 }
            onEvent(.packetDropped(reason))
        }
        // An IPv4 socket reports IPv4 senders only.
        guard case .ipv4(let address, let port) = datagram.source else { return }
        if let index = datagram.interfaceIndex, index != socket.interfaceIndex {
            return drop(.wrongInterface(index: index))
        }
        let request: DHCPv4Message
        do {
            request = try DHCPv4Message(decoding: datagram.bytes)
        } catch {
            return drop(.malformed(error))
        }
        switch responder.respond(to: request) {
        case .failure(let reason):
            drop(reason)
        case .success(let reply):
            let destination = DHCPv4Responder.destination(
                replyingTo: request, from: DHCPv4Endpoint(address: address, port: port))
            do {
                try socket.send(reply.encoded(), to: .ipv4(destination.address, port: destination.port))
            } catch {
                state.count { $0.sendFailures += 1 }
                return onEvent(.sendFailed(error))
            }
            let granted = reply.messageType == .ack
            state.count {
                $0.replied += 1
                if granted { $0.leasesGranted += 1 }
            }
            if granted { onEvent(.leaseGranted(client: request.clientHardwareAddress, address: reply.yourAddress)) }
        }
    }
}
