/// Zero-padded lower-case hexadecimal, for PCI addresses and JSON `\u` escapes: FoundationEssentials, which vmnet
/// links instead of Foundation, has no `String(format:)`.
package enum Hexadecimal {
    /// `value` in lower-case hexadecimal, zero-padded to `width` digits, e.g. `digits(0x81, width: 4)` is `0081`.
    package static func digits(_ value: some BinaryInteger, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
