import Testing
import VMNetDHCP

@Suite("DHCPv4 responder")
struct DHCPv4ResponderTests {
    let bridge = try! DHCPv4Responder(configuration: Fixtures.bridge())
    let masquerade = try! DHCPv4Responder(configuration: Fixtures.masquerade())

    @Test("DISCOVER gets an OFFER and REQUEST an ACK, both for the configured address")
    func offerAndAck() throws {
        let offer = try bridge.respond(to: Fixtures.request(.discover, flags: 0x8000)).get()
        #expect(offer.messageType == .offer)
        #expect(offer.operation == DHCPv4Message.bootReply)
        #expect(offer.transactionID == 0x1234_5678)
        #expect(offer.flags == 0x8000)
        #expect(offer.yourAddress == "10.244.1.5")
        #expect(offer.clientAddress == .any && offer.nextServerAddress == .any)
        #expect(offer.clientHardwareAddress == Fixtures.vmMAC)
        #expect(offer.serverName.allSatisfy { $0 == 0 } && offer.bootFile.allSatisfy { $0 == 0 })
        let ack = try bridge.respond(to: Fixtures.request(.request)).get()
        #expect(ack.messageType == .ack)
        #expect(ack.yourAddress == "10.244.1.5")
        #expect(ack.encoded().count >= 272)
    }

    @Test("a REQUEST for another address or server is still acknowledged; there is never a NAK")
    func requestNotChecked() throws {
        var request = Fixtures.request(.request)
        request.options += [DHCPv4Option(.requestedAddress, [192, 168, 9, 9]), DHCPv4Option(.serverIdentifier, [1, 2, 3, 4])]
        let ack = try bridge.respond(to: request).get()
        #expect(ack.messageType == .ack)
        #expect(ack.yourAddress == "10.244.1.5")
    }

    @Test("reply options start with the type, follow the client's option 55 order, then the rest")
    func optionOrder() throws {
        let offer = try bridge.respond(to: Fixtures.request(.discover, parameters: [121, 15, 6, 3, 1, 200, 119, 26])).get()
        #expect(offer.options.map(\.code.rawValue) == [53, 121, 15, 6, 3, 1, 119, 26, 54, 51, 12, 66, 67])
        let plain = try bridge.respond(to: Fixtures.request(.discover)).get()
        #expect(plain.options.map(\.code.rawValue) == [53, 54, 51, 1, 3, 6, 12, 15, 26, 66, 67, 119, 121])
    }

    @Test("bridge mode answers only the VM's MAC; masquerade answers anyone")
    func macFilter() throws {
        let stranger: HardwareAddress = "02:99:99:99:99:99"
        #expect(bridge.respond(to: Fixtures.request(.discover, mac: stranger)) == .failure(.foreignClient(stranger)))
        var shortAddress = Fixtures.request(.discover)
        shortAddress.hardwareAddressLength = 5
        #expect(bridge.respond(to: shortAddress) == .failure(.foreignClient(HardwareAddress(octets: [2, 0x11, 0x22, 0x33, 0x44]))))
        #expect(try masquerade.respond(to: Fixtures.request(.discover, mac: stranger)).get().clientHardwareAddress == stranger)
    }

    @Test("DECLINE, RELEASE, INFORM and server messages get no reply",
          arguments: [DHCPv4MessageType.decline, .release, .inform, .offer, .ack, .nak])
    func unanswered(type: DHCPv4MessageType) {
        #expect(masquerade.respond(to: Fixtures.request(type)) == .failure(.unanswered(type)))
    }

    @Test("BOOTP requests, replies and unknown message types are dropped with their reason")
    func dropped() {
        var bootp = Fixtures.request(.discover)
        bootp.options = []
        #expect(masquerade.respond(to: bootp) == .failure(.missingMessageType))
        var badLength = Fixtures.request(.discover)
        badLength.options = [DHCPv4Option(.messageType, [1, 1])]
        #expect(masquerade.respond(to: badLength) == .failure(.missingMessageType))
        #expect(masquerade.respond(to: Fixtures.request(.init(rawValue: 9))) == .failure(.unknownMessageType(9)))
        #expect(masquerade.respond(to: Fixtures.request(.init(rawValue: 0))) == .failure(.unknownMessageType(0)))
        var reply = Fixtures.request(.discover)
        reply.operation = DHCPv4Message.bootReply
        #expect(masquerade.respond(to: reply) == .failure(.notARequest(operation: 2)))
    }

    @Test("replies go broadcast to a client without an address or asking for it, else back to the sender")
    func destination() {
        let client = DHCPv4Endpoint(address: "10.0.2.2", port: 68)
        let fresh = DHCPv4Endpoint(address: .any, port: 68)
        let broadcast = DHCPv4Endpoint(address: .broadcast, port: 68)
        #expect(DHCPv4Responder.destination(replyingTo: Fixtures.request(.discover), from: fresh) == broadcast)
        #expect(DHCPv4Responder.destination(replyingTo: Fixtures.request(.request, flags: 0x8000), from: client) == broadcast)
        #expect(DHCPv4Responder.destination(replyingTo: Fixtures.request(.request), from: client) == client)
    }
}
