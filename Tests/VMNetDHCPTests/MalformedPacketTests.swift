import Testing
import VMNetDHCP

@Suite("Malformed DHCP packets")
struct MalformedPacketTests {
    let responder = try! DHCPv4Responder(configuration: Fixtures.masquerade())
    let valid = Fixtures.request(.discover, parameters: [1, 3]).encoded()

    @Test("packets shorter than header and cookie are refused", arguments: [0, 1, 235, 239])
    func truncated(length: Int) {
        #expect(responder.respond(toPacket: Array(valid.prefix(length)))
            == .failure(.malformed(.truncated(length: length, minimum: 240))))
    }

    @Test("a hardware address length over 16 is refused")
    func longHardwareAddress() {
        var bytes = valid
        bytes[2] = 17
        #expect(responder.respond(toPacket: bytes) == .failure(.malformed(.hardwareAddressTooLong(17))))
    }

    @Test("a wrong magic cookie is refused")
    func wrongCookie() {
        var bytes = valid
        bytes[239] = 0x64
        #expect(responder.respond(toPacket: bytes) == .failure(.malformed(.badMagicCookie(0x6382_5364))))
    }

    @Test("an option running past the end of the packet is refused")
    func badOptionLength() {
        var bytes = Array(valid.dropLast())
        bytes += [12, 200, 65, 66]
        #expect(responder.respond(toPacket: bytes)
            == .failure(.malformed(.optionOverrunsPacket(code: 12, length: 200, remaining: 2))))
        #expect(responder.respond(toPacket: Array(valid.dropLast()) + [12])
            == .failure(.malformed(.optionWithoutLength(code: 12))))
    }

    @Test("giant but well-formed options are read and the reply stays bounded")
    func giantOptions() throws {
        var bytes = Array(valid.dropLast())
        for _ in 0..<200 { bytes += [55, 255] + (0...254).map { UInt8($0) } }
        for _ in 0..<40 { bytes += [250, 255] + [UInt8](repeating: 0xAA, count: 255) }
        bytes.append(255)
        let offer = try responder.respond(toPacket: bytes).get()
        #expect(offer.messageType == .offer)
        #expect(offer.encoded().count < 600)
        #expect(Set(offer.options.map(\.code)).count == offer.options.count)
    }

    @Test("pseudo-random bytes never crash the responder, and every decodable message survives re-encoding")
    func randomBytes() throws {
        var generator = SplitMix64(seed: 0x5EED)
        var decoded = 0
        for round in 0..<10_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...400, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                // Mutate a valid packet so that decoding gets past the header most of the time.
                bytes = valid + (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                for _ in 0..<4 { bytes[Int.random(in: 240..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            }
            _ = responder.respond(toPacket: bytes)
            if let message = try? DHCPv4Message(decoding: bytes) {
                decoded += 1
                #expect(try DHCPv4Message(decoding: message.encoded()) == message)
            }
        }
        #expect(decoded > 500)
    }
}

/// A small deterministic generator, so a failure reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
