/// JSON string literals for documents written member by member, where the order of the members is part of what
/// readers compare: QEMU's `-device` value, Multus's networks annotation.
public enum JSONString {
    /// `text` as a JSON string literal (RFC 8259 §7): the quotation mark, the reverse solidus and every control
    /// character escaped (`\n`, `\r` and `\t` by name, the others as `\u00XX`); every other character, non-ASCII
    /// included, as it is.
    public static func quoted(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case "\n": literal += "\\n"
            case "\r": literal += "\\r"
            case "\t": literal += "\\t"
            case _ where scalar.value < 0x20: literal += "\\u" + Hexadecimal.digits(scalar.value, width: 4)
            default: literal.unicodeScalars.append(scalar)
            }
        }
        return literal + "\""
    }
}
