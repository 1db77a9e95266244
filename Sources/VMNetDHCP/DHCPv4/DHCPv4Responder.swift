/// The DHCPv4 server's decisions, without sockets: a request in, a reply or the reason for silence out.
///
/// It follows KubeVirt's server: DISCOVER gets an OFFER and REQUEST an ACK for the one configured lease (the
/// requested address and server identifier are not checked, and there is never a NAK); everything else is dropped.
public struct DHCPv4Responder: Sendable {
    /// The configuration served.
    public let configuration: DHCPv4ServerConfiguration
    private let leaseOptions: [DHCPv4Option]

    /// Prepares the replies of `configuration`.
    ///
    /// - Throws: `DHCPConfigurationError` when a value cannot be sent, e.g. an invalid search domain.
    public init(configuration: DHCPv4ServerConfiguration) throws(DHCPConfigurationError) {
        let name = configuration.interfaceName
        guard (1...15).contains(name.utf8.count) else { throw .invalidInterfaceName(name) }
        self.configuration = configuration
        leaseOptions = try configuration.lease.options(serverIdentifier: configuration.serverAddress)
    }

    /// Decodes `packet` and answers it.
    public func respond(toPacket packet: [UInt8]) -> Result<DHCPv4Message, DHCPv4DropReason> {
        do {
            return respond(to: try DHCPv4Message(decoding: packet))
        } catch {
            return .failure(.malformed(error))
        }
    }

    /// Answers `request`: an OFFER for DISCOVER, an ACK for REQUEST, otherwise the reason for silence.
    ///
    /// Reply options start with the message type, then follow the client's parameter request list (option 55),
    /// then the rest in the order server identifier, lease time, and ascending code.
    public func respond(to request: DHCPv4Message) -> Result<DHCPv4Message, DHCPv4DropReason> {
        guard request.operation == DHCPv4Message.bootRequest else {
            return .failure(.notARequest(operation: request.operation))
        }
        guard let type = request.messageType else { return .failure(.missingMessageType) }
        guard (DHCPv4MessageType.discover.rawValue...DHCPv4MessageType.inform.rawValue).contains(type.rawValue) else {
            return .failure(.unknownMessageType(type.rawValue))
        }
        if let served = configuration.clientHardwareAddress, request.clientHardwareAddress != served {
            return .failure(.foreignClient(request.clientHardwareAddress))
        }
        let replyType: DHCPv4MessageType
        switch type {
        case .discover: replyType = .offer
        case .request: replyType = .ack
        default: return .failure(.unanswered(type))
        }
        var reply = DHCPv4Message(
            operation: DHCPv4Message.bootReply,
            hardwareAddressLength: request.hardwareAddressLength,
            transactionID: request.transactionID,
            flags: request.flags,
            yourAddress: configuration.lease.address,
            relayAddress: request.relayAddress,
            clientHardwareAddressField: Array(request.clientHardwareAddressField.prefix(Int(request.hardwareAddressLength)))
        )
        reply.options = [DHCPv4Option(.messageType, [replyType.rawValue])] + ordered(by: request.parameterRequestList)
        return .success(reply)
    }

    /// Where a reply to `request`, received from `source`, goes: broadcast to the client's port when the client has
    /// no address yet or asked for broadcast, otherwise straight back to it.
    public static func destination(replyingTo request: DHCPv4Message, from source: DHCPv4Endpoint) -> DHCPv4Endpoint {
        if source.address == .any || request.wantsBroadcast {
            return DHCPv4Endpoint(address: .broadcast, port: source.port)
        }
        return source
    }

    private func ordered(by requested: [DHCPv4OptionCode]) -> [DHCPv4Option] {
        let first = requested.compactMap { code in leaseOptions.first { $0.code == code } }
        let rest = leaseOptions.filter { !requested.contains($0.code) }
        return first + rest
    }
}
