import Testing
import VMNetDHCP

@Suite("DHCPv4 messages")
struct DHCPv4MessageTests {
    @Test("a message decodes to what was encoded, field by field")
    func roundTrip() throws {
        let message = DHCPv4Message(
            operation: 1, hardwareAddressLength: 6, hops: 2, transactionID: 0xDEAD_BEEF, seconds: 7, flags: 0x8000,
            clientAddress: "10.0.0.9", yourAddress: "10.0.0.10", nextServerAddress: "10.0.0.11", relayAddress: "10.0.0.12",
            clientHardwareAddressField: [2, 0x11, 0x22, 0x33, 0x44, 0x55], serverName: Array("srv".utf8),
            bootFile: Array("boot".utf8),
            options: [DHCPv4Option(.messageType, [1]), DHCPv4Option(.parameterRequestList, [1, 3, 6]), DHCPv4Option(.hostName, [])]
        )
        let bytes = message.encoded()
        #expect(bytes.count == 236 + 4 + 3 + 5 + 2 + 1)
        #expect(Array(bytes[0..<4]) == [1, 1, 6, 2])
        #expect(Array(bytes[4..<8]) == [0xDE, 0xAD, 0xBE, 0xEF])
        #expect(Array(bytes[236..<240]) == [99, 130, 83, 99])
        #expect(bytes.last == 255)
        let decoded = try DHCPv4Message(decoding: bytes)
        #expect(decoded == message)
        #expect(decoded.messageType == .discover)
        #expect(decoded.clientHardwareAddress == Fixtures.vmMAC)
        #expect(decoded.wantsBroadcast)
        #expect(decoded.serverName.count == 64 && decoded.bootFile.count == 128)
    }

    @Test("repeated options are joined and values over 255 bytes split into consecutive options (RFC 3396)")
    func longOptions() throws {
        let long = [UInt8](repeating: 7, count: 600)
        let message = Fixtures.request(.discover)
        var withLong = message
        withLong.options.append(DHCPv4Option(.init(rawValue: 224), long))
        let bytes = withLong.encoded()
        let decoded = try DHCPv4Message(decoding: bytes)
        #expect(decoded[.init(rawValue: 224)] == long)
        #expect(decoded.options.count == 2)

        var split = Array(message.encoded().dropLast())
        split += [55, 2, 1, 3, 0, 0, 55, 1, 6, 255]
        #expect(try DHCPv4Message(decoding: split).parameterRequestList == [.subnetMask, .router, .domainNameServers])
    }

    @Test("replies are padded to at least 272 bytes, requests are not")
    func padding() {
        var reply = Fixtures.request(.discover)
        reply.operation = DHCPv4Message.bootReply
        #expect(reply.encoded().count == 272)
        #expect(Fixtures.request(.discover).encoded().count == 244)
    }

    @Test("the parameter request list keeps the client's order and drops repeats")
    func parameterRequestList() {
        let message = Fixtures.request(.discover, parameters: [121, 3, 121, 1, 3])
        #expect(message.parameterRequestList.map(\.rawValue) == [121, 3, 1])
    }

    @Test("bytes after the end option are ignored")
    func trailingPadding() throws {
        let bytes = Fixtures.request(.request).encoded() + [1, 2, 3]
        #expect(try DHCPv4Message(decoding: bytes).messageType == .request)
    }
}
