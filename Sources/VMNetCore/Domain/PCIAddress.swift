/// A PCI address `DDDD:BB:SS.F` (domain, bus, slot, function), as KubeVirt's `pciAddress` and sysfs write it.
///
/// Parsing follows KubeVirt's pattern `^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$` exactly, so a slot above
/// `0x1f` parses here and is left for libvirt to refuse, as it is in KubeVirt.
public struct PCIAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The PCI domain (segment).
    public var domain: UInt16
    /// The bus number.
    public var bus: UInt8
    /// The slot (device) number.
    public var slot: UInt8
    /// The function number, 0–7.
    public var function: UInt8

    /// Creates an address from its parts; `function` must be 0–7.
    public init(domain: UInt16 = 0, bus: UInt8, slot: UInt8, function: UInt8 = 0) {
        precondition(function < 8, "a PCI function is 0-7, got \(function)")
        self.domain = domain
        self.bus = bus
        self.slot = slot
        self.function = function
    }

    /// Parses `DDDD:BB:SS.F`, hexadecimal in either case, e.g. `0000:81:00.1`.
    public init(parsing text: String) throws(PCIAddressError) {
        let characters = Array(text.utf8)
        guard characters.count == 12, characters[4] == UInt8(ascii: ":"), characters[7] == UInt8(ascii: ":"),
            characters[10] == UInt8(ascii: "."),
            let domain = Self.hexValue(characters[0..<4]), let bus = Self.hexValue(characters[5..<7]),
            let slot = Self.hexValue(characters[8..<10]),
            (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(characters[11])
        else { throw .malformed(text) }
        self.init(
            domain: UInt16(domain), bus: UInt8(bus), slot: UInt8(slot), function: characters[11] - UInt8(ascii: "0"))
    }

    /// Decodes the `DDDD:BB:SS.F` string form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the `DDDD:BB:SS.F` string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The canonical form: lower-case hexadecimal `DDDD:BB:SS.F`.
    public var description: String {
        "\(Hexadecimal.digits(domain, width: 4)):\(Hexadecimal.digits(bus, width: 2)):\(Hexadecimal.digits(slot, width: 2)).\(function)"
    }

    private static func hexValue(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for digit in digits {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value * 16 + Int(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value * 16 + Int(digit - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = value * 16 + Int(digit - UInt8(ascii: "A")) + 10
            default: return nil
            }
        }
        return value
    }
}

/// Why a string is not a PCI address.
public enum PCIAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not of the form `DDDD:BB:SS.F`.
    case malformed(String)

    /// Says what was wrong and how to write it.
    public var description: String {
        switch self {
        case .malformed(let text):
            "'\(text)' is not a PCI address: write it as DDDD:BB:SS.F, with a hexadecimal domain, bus and slot "
                + "and a function 0-7, e.g. 0000:81:00.1"
        }
    }
}
