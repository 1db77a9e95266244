/// The DHCPv6 server's decisions, without sockets: a request in, a reply or the reason for silence out.
///
/// It follows KubeVirt's server: SOLICIT gets ADVERTISE (REPLY with Rapid Commit), REQUEST, CONFIRM, RENEW, REBIND,
/// RELEASE and INFORMATION-REQUEST get REPLY. Every reply echoes the client identifier and carries the server's
/// DUID-LL, the DNS servers, and, when the client sent an IA_NA, one with the same IAID holding the configured
/// address with both lifetimes set to the lease.
public struct DHCPv6Responder: Sendable {
    /// The configuration served.
    public let configuration: DHCPv6ServerConfiguration

    /// Prepares the replies of `configuration`.
    ///
    /// - Throws: `DHCPConfigurationError.invalidInterfaceName` for an unusable interface name.
    public init(configuration: DHCPv6ServerConfiguration) throws(DHCPConfigurationError) {
        let name = configuration.interfaceName
        guard (1...15).contains(name.utf8.count) else { throw .invalidInterfaceName(name) }
        self.configuration = configuration
    }

    /// The server's DUID-LL: type 3, hardware type 1 (Ethernet), the configured link-layer address.
    public var serverDUID: [UInt8] { [0, 3, 0, 1] + configuration.serverHardwareAddress.octets }

    /// Decodes `packet` and answers it.
    public func respond(toPacket packet: [UInt8]) -> Result<DHCPv6Message, DHCPv6DropReason> {
        do {
            return respond(to: try DHCPv6Message(decoding: packet))
        } catch {
            return .failure(.malformed(error))
        }
    }

    /// Answers `request`, or gives the reason for silence.
    public func respond(to request: DHCPv6Message) -> Result<DHCPv6Message, DHCPv6DropReason> {
        let rapidCommit = request.messageType == .solicit && request[.rapidCommit] != nil
        let replyType: DHCPv6MessageType
        switch request.messageType {
        case .solicit: replyType = rapidCommit ? .reply : .advertise
        case .request, .confirm, .renew, .rebind, .release, .informationRequest: replyType = .reply
        default: return .failure(.unanswered(request.messageType))
        }
        guard let clientID = request[.clientID] else { return .failure(.missingClientID) }
        var options = [DHCPv6Option(.clientID, clientID), DHCPv6Option(.serverID, serverDUID)]
        if rapidCommit { options.append(DHCPv6Option(.rapidCommit, [])) }
        if let association = request[.identityAssociation] {
            guard association.count >= 12 else { return .failure(.malformedIdentityAssociation(length: association.count)) }
            options.append(DHCPv6Option(.identityAssociation, identityAssociation(id: association.prefix(4))))
        }
        if !configuration.dnsServers.isEmpty {
            options.append(DHCPv6Option(.dnsServers, configuration.dnsServers.flatMap(\.octets)))
        }
        return .success(DHCPv6Message(messageType: replyType, transactionID: request.transactionID, options: options))
    }

    /// Whether `reply` to `request` hands the client its address (as opposed to offering it or confirming a release).
    public static func grantsLease(_ reply: DHCPv6Message, answering request: DHCPv6Message) -> Bool {
        reply.messageType == .reply && reply[.identityAssociation] != nil
            && [.solicit, .request, .renew, .rebind].contains(request.messageType)
    }

    private func identityAssociation(id: ArraySlice<UInt8>) -> [UInt8] {
        var address = configuration.address.octets
        address.append(bigEndian: configuration.leaseSeconds)
        address.append(bigEndian: configuration.leaseSeconds)
        // T1 and T2 of zero leave the renewal times to the client (RFC 8415 §21.4).
        return Array(id) + [UInt8](repeating: 0, count: 8)
            + DHCPv6Option.encodeAll([DHCPv6Option(.identityAssociationAddress, address)])
    }
}
