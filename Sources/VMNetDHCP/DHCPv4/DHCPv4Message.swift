/// A DHCPv4 message (RFC 2131 §2): the BOOTP header, the magic cookie and the options.
///
/// Decoding accepts anything a real client may send and refuses, with a reason, only what cannot be read.
/// Repeated options are joined into one (RFC 3396), so `options` holds each code once, in order of first
/// appearance. Options hidden in `sname`/`file` by option overload (52) are not read: the server never needs them.
public struct DHCPv4Message: Sendable, Hashable {
    /// `op`: 1 for a client's BOOTREQUEST, 2 for a server's BOOTREPLY.
    public var operation: UInt8
    /// `htype`: 1 for Ethernet.
    public var hardwareType: UInt8
    /// `hlen`: how many octets of `clientHardwareAddress` are meaningful, at most 16.
    public var hardwareAddressLength: UInt8
    /// `hops`: relay agents passed.
    public var hops: UInt8
    /// `xid`: chosen by the client, copied into the reply.
    public var transactionID: UInt32
    /// `secs`: seconds since the client began.
    public var seconds: UInt16
    /// `flags`: the top bit asks for a broadcast reply.
    public var flags: UInt16
    /// `ciaddr`: the client's current address, when it has one.
    public var clientAddress: IPv4Address
    /// `yiaddr`: the address a server assigns.
    public var yourAddress: IPv4Address
    /// `siaddr`: the next server in bootstrap.
    public var nextServerAddress: IPv4Address
    /// `giaddr`: the relay agent's address.
    public var relayAddress: IPv4Address
    /// `chaddr`: all 16 octets of the field, of which `hardwareAddressLength` are meaningful.
    public var clientHardwareAddressField: [UInt8]
    /// `sname`: 64 octets.
    public var serverName: [UInt8]
    /// `file`: 128 octets.
    public var bootFile: [UInt8]
    /// The options, each code once, in wire order.
    public var options: [DHCPv4Option]

    /// The value of `op` in requests.
    public static let bootRequest: UInt8 = 1
    /// The value of `op` in replies.
    public static let bootReply: UInt8 = 2
    /// The `flags` bit with which a client asks for a broadcast reply.
    public static let broadcastFlag: UInt16 = 0x8000
    /// The magic cookie that starts the options (RFC 2131 §3).
    public static let magicCookie: UInt32 = 0x6382_5363
    /// The size of the header before the magic cookie.
    static let headerSize = 236
    /// The smallest DHCP message: the header and the magic cookie.
    public static let minimumSize = headerSize + 4
    /// The size replies are padded to, for BOOTP relays and clients that reject shorter ones.
    public static let minimumReplySize = 272

    /// Creates a message; fixed-size fields are zero-padded or cut to their size when encoded.
    public init(
        operation: UInt8, hardwareType: UInt8 = 1, hardwareAddressLength: UInt8 = 6, hops: UInt8 = 0,
        transactionID: UInt32, seconds: UInt16 = 0, flags: UInt16 = 0, clientAddress: IPv4Address = .any,
        yourAddress: IPv4Address = .any, nextServerAddress: IPv4Address = .any, relayAddress: IPv4Address = .any,
        clientHardwareAddressField: [UInt8], serverName: [UInt8] = [], bootFile: [UInt8] = [],
        options: [DHCPv4Option] = []
    ) {
        self.operation = operation
        self.hardwareType = hardwareType
        self.hardwareAddressLength = hardwareAddressLength
        self.hops = hops
        self.transactionID = transactionID
        self.seconds = seconds
        self.flags = flags
        self.clientAddress = clientAddress
        self.yourAddress = yourAddress
        self.nextServerAddress = nextServerAddress
        self.relayAddress = relayAddress
        self.clientHardwareAddressField = Self.fixed(clientHardwareAddressField, size: 16)
        self.serverName = Self.fixed(serverName, size: 64)
        self.bootFile = Self.fixed(bootFile, size: 128)
        self.options = options
    }

    /// Decodes a message received on a DHCP port.
    public init(decoding bytes: [UInt8]) throws(DHCPDecodingError) {
        guard bytes.count >= Self.minimumSize else {
            throw .truncated(length: bytes.count, minimum: Self.minimumSize)
        }
        var reader = ByteReader(bytes)
        // The length check above makes every fixed-size read below succeed.
        operation = reader.readByte()!
        hardwareType = reader.readByte()!
        hardwareAddressLength = reader.readByte()!
        guard hardwareAddressLength <= 16 else { throw .hardwareAddressTooLong(Int(hardwareAddressLength)) }
        hops = reader.readByte()!
        transactionID = reader.readUInt32()!
        seconds = reader.readUInt16()!
        flags = reader.readUInt16()!
        clientAddress = IPv4Address(value: reader.readUInt32()!)
        yourAddress = IPv4Address(value: reader.readUInt32()!)
        nextServerAddress = IPv4Address(value: reader.readUInt32()!)
        relayAddress = IPv4Address(value: reader.readUInt32()!)
        clientHardwareAddressField = Array(reader.read(16)!)
        serverName = Array(reader.read(64)!)
        bootFile = Array(reader.read(128)!)
        let cookie = reader.readUInt32()!
        guard cookie == Self.magicCookie else { throw .badMagicCookie(cookie) }
        options = try Self.decodeOptions(&reader)
    }

    /// The meaningful octets of `chaddr`.
    public var clientHardwareAddress: HardwareAddress? {
        HardwareAddress(octets: clientHardwareAddressField.prefix(Int(hardwareAddressLength)))
    }

    /// The DHCP message type from option 53, when it is present and one octet long.
    public var messageType: DHCPv4MessageType? {
        guard let value = self[.messageType], value.count == 1 else { return nil }
        return DHCPv4MessageType(rawValue: value[0])
    }

    /// The option codes the client asked for in option 55, first occurrence of each, in its order.
    public var parameterRequestList: [DHCPv4OptionCode] {
        var seen = Set<UInt8>()
        return (self[.parameterRequestList] ?? []).filter { seen.insert($0).inserted }.map(DHCPv4OptionCode.init)
    }

    /// Whether the client asked for a broadcast reply.
    public var wantsBroadcast: Bool { flags & Self.broadcastFlag != 0 }

    /// The value of the option with `code`, or `nil` when absent.
    public subscript(code: DHCPv4OptionCode) -> [UInt8]? {
        options.first { $0.code == code }?.value
    }

    /// The wire form; replies (`op` 2) are padded to `minimumReplySize`.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [operation, hardwareType, hardwareAddressLength, hops]
        bytes.reserveCapacity(Self.minimumReplySize)
        bytes.append(bigEndian: transactionID)
        bytes.append(bigEndian: seconds)
        bytes.append(bigEndian: flags)
        for address in [clientAddress, yourAddress, nextServerAddress, relayAddress] {
            bytes.append(bigEndian: address.value)
        }
        bytes += Self.fixed(clientHardwareAddressField, size: 16)
        bytes += Self.fixed(serverName, size: 64)
        bytes += Self.fixed(bootFile, size: 128)
        bytes.append(bigEndian: Self.magicCookie)
        for option in options where option.code != .pad && option.code != .end {
            var rest = option.value[...]
            repeat {
                let chunk = rest.prefix(255)
                rest = rest.dropFirst(chunk.count)
                bytes += [option.code.rawValue, UInt8(chunk.count)]
                bytes += chunk
            } while !rest.isEmpty
        }
        bytes.append(DHCPv4OptionCode.end.rawValue)
        if operation == Self.bootReply, bytes.count < Self.minimumReplySize {
            bytes += [UInt8](repeating: 0, count: Self.minimumReplySize - bytes.count)
        }
        return bytes
    }

    private static func decodeOptions(_ reader: inout ByteReader) throws(DHCPDecodingError) -> [DHCPv4Option] {
        var options: [DHCPv4Option] = []
        var index: [UInt8: Int] = [:]
        while let code = reader.readByte() {
            if code == DHCPv4OptionCode.end.rawValue { break }
            if code == DHCPv4OptionCode.pad.rawValue { continue }
            guard let length = reader.readByte() else { throw .optionWithoutLength(code: UInt16(code)) }
            guard let value = reader.read(Int(length)) else {
                throw .optionOverrunsPacket(code: UInt16(code), length: Int(length), remaining: reader.remaining)
            }
            if let position = index[code] {
                options[position].value += value
            } else {
                index[code] = options.count
                options.append(DHCPv4Option(DHCPv4OptionCode(rawValue: code), Array(value)))
            }
        }
        return options
    }

    private static func fixed(_ bytes: [UInt8], size: Int) -> [UInt8] {
        bytes.count == size ? bytes : Array(bytes.prefix(size)) + [UInt8](repeating: 0, count: max(0, size - bytes.count))
    }
}
