/// Kubernetes' object and field names (`k8s.io/apimachinery/pkg/util/validation`).
enum DNSName {
    /// An RFC 1123 label: at most 63 lower-case letters, digits and `-`, starting and ending with a letter or digit.
    /// Container, volume and namespace names.
    static func isLabel(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...63).contains(bytes.count), let first = bytes.first, let last = bytes.last,
              isAlphanumeric(first), isAlphanumeric(last) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// An RFC 1123 subdomain: labels joined by `.`, at most 253 characters. The names of most objects.
    static func isSubdomain(_ text: String) -> Bool {
        text.utf8.count <= 253 && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isLabel(String($0)) }
    }

    /// A label value: empty, or at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter
    /// or digit (upper case allowed).
    static func isLabelValue(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last else { return true }
        let alphanumeric = { (byte: UInt8) in isAlphanumeric(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
        return bytes.count <= 63 && alphanumeric(first) && alphanumeric(last)
            && bytes.allSatisfy { alphanumeric($0) || [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ".")].contains($0) }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
