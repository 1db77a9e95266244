/// A MAC address parsed from any of the spellings a manifest may use.
public struct MACAddress: Sendable, Hashable, CustomStringConvertible {
    /// Why a string is not a usable MAC address.
    public enum ParseError: Error, Sendable, Equatable {
        /// Not hex pairs joined by one separator, nor dotted hex quads.
        case malformed
        /// A valid hardware address of 8 or 20 octets (EUI-64, InfiniBand): too long for an Ethernet NIC.
        case tooLong
    }

    /// The octets.
    public let octets: [UInt8]

    /// Parses `de:ad:00:00:be:af`, `DE-AD-00-00-BE-AF` or `dead.0000.beaf`.
    public init(parsing text: String) throws(ParseError) {
        let octets: [UInt8]
        if text.contains(".") {
            octets = try Self.octets(dotted: text)
        } else {
            octets = try Self.octets(separated: text)
        }
        guard [6, 8, 20].contains(octets.count) else { throw .malformed }
        guard octets.count == 6 else { throw .tooLong }
        self.octets = octets
    }

    /// Creates an address from six octets.
    public init(octets: [UInt8]) {
        precondition(octets.count == 6, "an Ethernet MAC address has six octets")
        self.octets = octets
    }

    /// A locally administered unicast address derived from `seed` (`02:` and the first five octets of the seed's
    /// SHA-256): the same seed always gives the same address, so a plugin that replaces a MAC plans the same steps
    /// for the same pod every time.
    public init(derivedFrom seed: String) {
        self.init(octets: [0x02] + SHA256.digest(Array(seed.utf8)).prefix(5))
    }

    /// Whether the group bit is set: such an address cannot belong to one NIC.
    public var isMulticast: Bool { octets[0] & 1 == 1 }

    /// Lower-case, colon-separated, as libvirt writes it.
    public var description: String {
        octets.map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: ":")
    }

    private static func octets(separated text: String) throws(ParseError) -> [UInt8] {
        guard let separator = text.first(where: { $0 == ":" || $0 == "-" }) else { throw .malformed }
        var octets: [UInt8] = []
        for part in text.split(separator: separator, omittingEmptySubsequences: false) {
            guard part.count == 2, part.allSatisfy(\.isHexDigit), let octet = UInt8(part, radix: 16) else { throw .malformed }
            octets.append(octet)
        }
        return octets
    }

    private static func octets(dotted text: String) throws(ParseError) -> [UInt8] {
        var octets: [UInt8] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard part.count == 4, part.allSatisfy(\.isHexDigit), let quad = UInt16(part, radix: 16) else { throw .malformed }
            octets += [UInt8(quad >> 8), UInt8(quad & 0xff)]
        }
        return octets
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
