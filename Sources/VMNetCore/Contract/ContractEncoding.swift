import FoundationEssentials

extension CodingUserInfoKey {
    /// The `ContractVersion` a document is encoded in; types whose form changed between versions read it.
    package static let vmnetContractVersion = CodingUserInfoKey(rawValue: "vmnet.contractVersion")!
}

extension JSONEncoder {
    /// An encoder for documents of contract `version`: values write the form that version defines.
    package static func vmnetContract(_ version: ContractVersion) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.userInfo[.vmnetContractVersion] = version
        return encoder
    }
}

extension Encoder {
    /// The contract version this encoding is for, if the encoder says.
    private var contractVersion: ContractVersion? { userInfo[.vmnetContractVersion] as? ContractVersion }

    /// Whether this encoding is for a contract version before the compact forms (1.1): the object forms then.
    var wantsObjectForms: Bool { contractVersion.map { $0 < .compactForms } ?? false }

    /// Whether this encoding is for contract 1.2 or later, whose NAT rules are one string of lines. Documents for
    /// people (`--output json`), encoded without a version, keep a list of lines.
    var wantsRuleBlocks: Bool { contractVersion.map { $0 >= .ruleBlocks } ?? false }

    /// Whether this encoding is of contract 1.3 or later (or a document for people): a binding's host-device
    /// request, a backend request's pod annotations.
    var wantsDriverNeutralForms: Bool { contractVersion.map { $0 >= .driverNeutral } ?? true }
}
