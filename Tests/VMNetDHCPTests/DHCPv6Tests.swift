import Testing
import VMNetDHCP

@Suite("DHCPv6 messages and responder")
struct DHCPv6Tests {
    let responder = try! DHCPv6Responder(configuration: Fixtures.masqueradeV6())
    let clientID: [UInt8] = [0, 1, 0, 1, 0x32, 0x9E, 0xD7, 0x15, 2, 0x11, 0x22, 0x33, 0x44, 0x55]

    private func message(_ type: DHCPv6MessageType, rapidCommit: Bool = false, iaid: [UInt8]? = [0, 0, 0, 7]) -> DHCPv6Message {
        var options = [DHCPv6Option(.clientID, clientID)]
        if rapidCommit { options.append(DHCPv6Option(.rapidCommit, [])) }
        if let iaid { options.append(DHCPv6Option(.identityAssociation, iaid + [UInt8](repeating: 0, count: 8))) }
        return DHCPv6Message(messageType: type, transactionID: 0xABCDEF, options: options)
    }

    @Test("a message decodes to what was encoded")
    func roundTrip() throws {
        let original = message(.solicit, rapidCommit: true)
        let bytes = original.encoded()
        #expect(Array(bytes.prefix(4)) == [1, 0xAB, 0xCD, 0xEF])
        #expect(try DHCPv6Message(decoding: bytes) == original)
        #expect(DHCPv6Message(messageType: .solicit, transactionID: 0xFF12_3456).transactionID == 0x12_3456)
    }

    @Test("SOLICIT gets ADVERTISE with the IA_NA, server DUID-LL and DNS, in KubeVirt's exact bytes")
    func advertise() throws {
        let reply = try responder.respond(to: message(.solicit)).get()
        #expect(reply.messageType == .advertise)
        #expect(reply.transactionID == 0xABCDEF)
        #expect(reply[.clientID] == clientID)
        #expect(reply[.serverID] == [0, 3, 0, 1, 2, 0, 0, 0, 0, 0])
        let lifetime: [UInt8] = [0x05, 0x25, 0x0A, 0x80]
        let address: [UInt8] = [0xFD, 0x10, 0, 0, 0, 2] + [UInt8](repeating: 0, count: 9) + [2]
        #expect(reply[.identityAssociation] == [0, 0, 0, 7] + [UInt8](repeating: 0, count: 8) + [0, 5, 0, 24] + address + lifetime + lifetime)
        #expect(reply[.dnsServers] == (try IPv6Address(parsing: "fd00::10")).octets + (try IPv6Address(parsing: "fd00::11")).octets)
        #expect(reply[.rapidCommit] == nil)
        #expect(!DHCPv6Responder.grantsLease(reply, answering: message(.solicit)))
    }

    @Test("SOLICIT with Rapid Commit gets REPLY, which grants the lease")
    func rapidCommit() throws {
        let request = message(.solicit, rapidCommit: true)
        let reply = try responder.respond(to: request).get()
        #expect(reply.messageType == .reply)
        #expect(reply[.rapidCommit] == [])
        #expect(DHCPv6Responder.grantsLease(reply, answering: request))
    }

    @Test("every other client message gets REPLY", arguments: [DHCPv6MessageType.request, .confirm, .renew, .rebind, .release, .informationRequest])
    func reply(type: DHCPv6MessageType) throws {
        #expect(try responder.respond(to: message(type)).get().messageType == .reply)
    }

    @Test("without an IA_NA in the request there is none in the reply")
    func noIdentityAssociation() throws {
        let reply = try responder.respond(to: message(.informationRequest, iaid: nil)).get()
        #expect(reply[.identityAssociation] == nil)
        #expect(reply[.dnsServers] != nil)
    }

    @Test("DECLINE and server messages get nothing; a message without client ID gets nothing",
          arguments: [DHCPv6MessageType.decline, .advertise, .reply, .reconfigure, .init(rawValue: 99)])
    func unanswered(type: DHCPv6MessageType) {
        #expect(responder.respond(to: message(type)) == .failure(.unanswered(type)))
    }

    @Test("malformed and relayed packets are refused with their reason")
    func malformed() {
        #expect(responder.respond(toPacket: [1, 0, 0]) == .failure(.malformed(.truncated(length: 3, minimum: 4))))
        #expect(responder.respond(toPacket: [12] + [UInt8](repeating: 0, count: 40)) == .failure(.malformed(.relayMessage(type: 12))))
        #expect(responder.respond(toPacket: [1, 0, 0, 1, 0, 1, 0, 20, 1]) ==
            .failure(.malformed(.optionOverrunsPacket(code: 1, length: 20, remaining: 1))))
        #expect(responder.respond(toPacket: [1, 0, 0, 1, 0, 1, 0]) == .failure(.malformed(.optionWithoutLength(code: 1))))
        #expect(responder.respond(toPacket: [1, 0, 0, 1, 0]) == .failure(.malformed(.trailingBytes(1))))
        #expect(responder.respond(to: DHCPv6Message(messageType: .solicit, transactionID: 1)) == .failure(.missingClientID))
        #expect(responder.respond(to: message(.request, iaid: [1, 2])) == .failure(.malformedIdentityAssociation(length: 10)))
    }

    @Test("pseudo-random bytes never crash the DHCPv6 responder")
    func randomBytes() throws {
        var generator = SplitMix64(seed: 0x6)
        for _ in 0..<10_000 {
            let bytes = [UInt8.random(in: 1...11, using: &generator)]
                + (0..<Int.random(in: 0...120, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = responder.respond(toPacket: bytes)
            if let message = try? DHCPv6Message(decoding: bytes) {
                #expect(try DHCPv6Message(decoding: message.encoded()) == message)
            }
        }
    }
}
