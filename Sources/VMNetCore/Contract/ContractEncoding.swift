import FoundationEssentials

extension CodingUserInfoKey {
    /// The `ContractVersion` a document is encoded in; types whose form changed between versions read it.
    public static let vmnetContractVersion = CodingUserInfoKey(rawValue: "vmnet.contractVersion")!
}

extension JSONEncoder {
    /// An encoder for documents of contract `version`: values write the form that version defines.
    public static func vmnetContract(_ version: ContractVersion) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.userInfo[.vmnetContractVersion] = version
        return encoder
    }
}

extension Encoder {
    /// Whether this encoding is for a contract version before the compact forms (1.1): the object forms then.
    var wantsObjectForms: Bool {
        (userInfo[.vmnetContractVersion] as? ContractVersion).map { $0 < .compactForms } ?? false
    }
}
