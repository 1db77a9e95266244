extension StringProtocol {
    /// The text without leading and trailing ASCII white space (space, tab, CR, LF, VT, FF): how sysfs files,
    /// `/proc` fields and device-plugin environment lists are padded. FoundationEssentials has no
    /// `trimmingCharacters(in:)`.
    package func trimmingWhitespace() -> String {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        let bytes = String(self).utf8
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
