/// The domain search list option (119) in the label encoding of RFC 1035 §3.1, without compression (RFC 3397).
public enum DomainSearchList {
    /// The longest domain KubeVirt accepts.
    public static let maximumDomainLength = 253

    /// Encodes `domains`, each as length-prefixed labels ending with a zero octet.
    ///
    /// - Throws: `DHCPConfigurationError.invalidSearchDomain` for a domain KubeVirt refuses,
    ///   `.searchListTooLong` when the encoding exceeds the 255 bytes of one option.
    public static func encode(_ domains: [String]) throws(DHCPConfigurationError) -> [UInt8] {
        var bytes: [UInt8] = []
        for domain in domains {
            guard isValid(domain) else { throw .invalidSearchDomain(domain) }
            for label in domain.split(separator: ".") {
                bytes.append(UInt8(label.utf8.count))
                bytes += label.utf8
            }
            bytes.append(0)
        }
        guard bytes.count <= 255 else { throw .searchListTooLong(bytes.count) }
        return bytes
    }

    /// Whether KubeVirt accepts `domain` as a search domain: at most 253 characters matching
    /// `^(?:[_a-z0-9](?:[_a-z0-9-]{0,61}[a-z0-9])?\.)*(?:[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)?$`.
    public static func isValid(_ domain: String) -> Bool {
        guard domain.utf8.count <= maximumDomainLength else { return false }
        var labels = domain.split(separator: ".", omittingEmptySubsequences: false).map { Array($0.utf8) }
        let last = labels.removeLast()
        // An empty last label stands for a trailing dot (or the empty domain), which the pattern allows.
        if !last.isEmpty, !isLabel(last, first: isLowercaseLetter, middle: { isLowercaseLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") }) {
            return false
        }
        return labels.allSatisfy { label in
            isLabel(label, first: isNameCharacter, middle: { isNameCharacter($0) || $0 == UInt8(ascii: "-") })
        }
    }

    private static func isLabel(_ label: [UInt8], first: (UInt8) -> Bool, middle: (UInt8) -> Bool) -> Bool {
        guard let head = label.first, first(head), label.count <= 63 else { return false }
        guard label.count > 1 else { return true }
        let tail = label.last!
        return label.dropFirst().dropLast().allSatisfy(middle) && (isLowercaseLetter(tail) || isDigit(tail))
    }

    private static func isLowercaseLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    private static func isNameCharacter(_ byte: UInt8) -> Bool { isLowercaseLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") }
}
