/// A version of the JSON contract between vmnet and its plugins, `major.minor`, negotiated at load time as CNI
/// negotiates `cniVersion`.
///
/// A minor version adds optional fields or operations; a major version changes what existing documents mean.
package struct ContractVersion: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The contract versions this build of VMNetCore speaks, oldest first.
    ///
    /// Each image has its own copy of VMNetCore, so in a plugin this is what the plugin speaks and in the host
    /// what the host speaks.
    package static let supported: [ContractVersion] = [
        ContractVersion(major: 1, minor: 0), .compactForms, .ruleBlocks, .driverNeutral,
    ]

    /// 1.1: a NAT rule is one line of text and a port with only its number is that number (both still read in
    /// the 1.0 object forms). Documents sent in 1.0 use the object forms, so plugins and hosts built before read them.
    package static let compactForms = ContractVersion(major: 1, minor: 1)

    /// 1.2: the NAT rules of a step are one string, their lines joined by newlines (a list of lines, or of 1.0
    /// objects, is still read). Three thousand rules are then one JSON value instead of three thousand.
    package static let ruleBlocks = ContractVersion(major: 1, minor: 2)

    /// 1.3: a binding declares the host device each of its interfaces needs (`BindingCapabilities.hostDevice`), and
    /// the host allocates it before planning; a backend request carries the pod's annotations (`podAnnotations`)
    /// instead of the network-status array (`networkStatus`, still sent in older versions, and read).
    /// Manifests sent in an older version leave the host-device key out.
    package static let driverNeutral = ContractVersion(major: 1, minor: 3)

    /// The major version.
    package var major: Int
    /// The minor version.
    package var minor: Int

    /// Creates a version.
    package init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `major.minor`, e.g. `1.0`; `nil` for anything else.
    package init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }),
            let major = Int(parts[0]), let minor = Int(parts[1])
        else { return nil }
        self.init(major: major, minor: minor)
    }

    /// The highest version both lists hold; `nil` when they share none. Entries that do not parse are ignored.
    package static func negotiate(_ offered: [String], with known: [ContractVersion] = supported) -> ContractVersion? {
        Set(offered.compactMap(ContractVersion.init)).intersection(known).max()
    }

    package static func < (lhs: ContractVersion, rhs: ContractVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    package var description: String { "\(major).\(minor)" }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let version = ContractVersion(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a major.minor contract version")
        }
        self = version
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
