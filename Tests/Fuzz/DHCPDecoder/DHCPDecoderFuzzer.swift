// libFuzzer entry point for the DHCP decoders and responders; built and run by Tests/Fuzz/run-fuzz.sh.
import VMNetDHCP

private let bridge = try! DHCPv4Responder(configuration: DHCPv4ServerConfiguration(
    interfaceName: "k6t-eth0",
    serverAddress: IPv4Address(169, 254, 75, 10),
    clientHardwareAddress: HardwareAddress(octets: [2, 0x11, 0x22, 0x33, 0x44, 0x55]),
    lease: DHCPv4Lease(
        address: IPv4Address(10, 244, 1, 5), prefixLength: 24, router: IPv4Address(10, 244, 1, 1),
        classlessRoutes: [DHCPv4Route(destination: .any, prefixLength: 0, gateway: IPv4Address(10, 244, 1, 1))],
        dnsServers: [IPv4Address(10, 96, 0, 10)], searchDomains: ["default.svc.cluster.local"],
        domainName: "default.svc.cluster.local", hostName: "testvm", tftpServerName: "tftp", bootFileName: "boot"
    )
))
private let masquerade = try! DHCPv4Responder(configuration: DHCPv4ServerConfiguration(
    interfaceName: "k6t-eth0", serverAddress: IPv4Address(10, 0, 2, 1),
    lease: DHCPv4Lease(address: IPv4Address(10, 0, 2, 2), prefixLength: 24, router: IPv4Address(10, 0, 2, 1))
))
private let ipv6 = try! DHCPv6Responder(configuration: DHCPv6ServerConfiguration(
    interfaceName: "k6t-eth0", address: IPv6Address(octets: [0xFD, 0x10, 0, 0, 0, 2] + [UInt8](repeating: 0, count: 9) + [2])!
))

/// Feeds one input to every decoder and responder and checks the properties that must hold for any input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    if let message = try? DHCPv4Message(decoding: bytes) {
        precondition((try? DHCPv4Message(decoding: message.encoded())) == message, "DHCPv4 re-encoding changed the message")
    }
    for responder in [bridge, masquerade] {
        if case .success(let reply) = responder.respond(toPacket: bytes) {
            let encoded = reply.encoded()
            precondition(encoded.count >= DHCPv4Message.minimumReplySize, "DHCPv4 reply shorter than 272 bytes")
            precondition(reply.messageType == .offer || reply.messageType == .ack, "DHCPv4 reply of an unexpected type")
            precondition((try? DHCPv4Message(decoding: encoded)) == reply, "DHCPv4 reply does not decode to itself")
        }
    }

    if let message = try? DHCPv6Message(decoding: bytes) {
        precondition((try? DHCPv6Message(decoding: message.encoded())) == message, "DHCPv6 re-encoding changed the message")
    }
    if case .success(let reply) = ipv6.respond(toPacket: bytes) {
        precondition((try? DHCPv6Message(decoding: reply.encoded())) == reply, "DHCPv6 reply does not decode to itself")
    }
    return 0
}
