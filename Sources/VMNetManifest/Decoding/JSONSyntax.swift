/// A strict RFC 8259 syntax check, for the CNI config a NetworkAttachmentDefinition carries as text.
///
/// Multus and the CNI plugins parse that text with Go's `encoding/json`, which refuses what RFC 8259 refuses (a
/// trailing comma, a leading zero, a bare control character in a string); `JSONDecoder` accepts some of it, so a
/// config it reads could still fail on the node. This check reads no values: it says where the text goes wrong.
struct JSONSyntax {
    /// The kind of a document's top-level value.
    enum Kind: Equatable {
        case object, array, string, number, literal
    }

    /// Where and why a text is not JSON: `line 1, column 9: expected a value, found '}'`.
    struct Failure: Error, Equatable, CustomStringConvertible {
        var line: Int
        var column: Int
        var reason: String

        var description: String { "line \(line), column \(column): \(reason)" }
    }

    /// Deeper nesting than this is refused instead of risking the stack.
    static let maximumDepth = 512

    private let bytes: [UInt8]
    private var offset = 0

    private init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// The kind of `text`'s single top-level value, or where the text stops being JSON.
    static func check(_ text: String) throws(Failure) -> Kind {
        var reader = JSONSyntax(text)
        reader.skipWhitespace()
        let kind = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.offset == reader.bytes.count else { throw reader.failure("unexpected \(reader.found) after the value") }
        return kind
    }

    private mutating func value(depth: Int) throws(Failure) -> Kind {
        guard depth < Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth) levels") }
        guard let byte = peek else { throw failure("expected a value, found \(found)") }
        switch byte {
        case UInt8(ascii: "{"):
            try container(close: UInt8(ascii: "}"), depth: depth) { (reader: inout JSONSyntax) throws(Failure) in
                guard reader.peek == UInt8(ascii: "\"") else { throw reader.failure("expected a member name in double quotes, found \(reader.found)") }
                try reader.string()
                reader.skipWhitespace()
                try reader.expect(UInt8(ascii: ":"), "':' after the member name")
                reader.skipWhitespace()
                _ = try reader.value(depth: depth + 1)
            }
            return .object
        case UInt8(ascii: "["):
            try container(close: UInt8(ascii: "]"), depth: depth) { (reader: inout JSONSyntax) throws(Failure) in
                _ = try reader.value(depth: depth + 1)
            }
            return .array
        case UInt8(ascii: "\""):
            try string()
            return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try number()
            return .number
        case UInt8(ascii: "t"): try literal("true"); return .literal
        case UInt8(ascii: "f"): try literal("false"); return .literal
        case UInt8(ascii: "n"): try literal("null"); return .literal
        default:
            throw failure("expected a value, found \(found)")
        }
    }

    /// An object or array: the opening byte, then `element`s separated by commas, then `close`, with no comma
    /// before it.
    private mutating func container(
        close: UInt8, depth: Int, element: (inout JSONSyntax) throws(Failure) -> Void
    ) throws(Failure) {
        offset += 1
        skipWhitespace()
        if peek == close {
            offset += 1
            return
        }
        while true {
            try element(&self)
            skipWhitespace()
            if peek == close {
                offset += 1
                return
            }
            try expect(UInt8(ascii: ","), "',' or '\(Character(Unicode.Scalar(close)))'")
            skipWhitespace()
            if peek == close { throw failure("a trailing ',' before '\(Character(Unicode.Scalar(close)))' is not JSON") }
        }
    }

    private mutating func string() throws(Failure) {
        offset += 1
        while let byte = peek {
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return
            case UInt8(ascii: "\\"):
                offset += 1
                switch peek {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    offset += 1
                case UInt8(ascii: "u"):
                    offset += 1
                    for _ in 0..<4 {
                        guard let digit = peek, Self.isHexDigit(digit) else { throw failure("\\u needs four hexadecimal digits") }
                        offset += 1
                    }
                default:
                    throw failure("'\\' followed by \(found) is not a JSON escape")
                }
            case 0..<0x20:
                throw failure("a control character (0x\(String(byte, radix: 16))) must be escaped in a string")
            default:
                offset += 1
            }
        }
        throw failure("the string is not closed")
    }

    private mutating func number() throws(Failure) {
        if peek == UInt8(ascii: "-") { offset += 1 }
        if peek == UInt8(ascii: "0") {
            offset += 1
            if let next = peek, Self.isDigit(next) { throw failure("a number must not start with a leading zero") }
        } else {
            try digits("a digit")
        }
        if peek == UInt8(ascii: ".") {
            offset += 1
            try digits("a digit after '.'")
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            offset += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { offset += 1 }
            try digits("a digit in the exponent")
        }
    }

    private mutating func digits(_ what: String) throws(Failure) {
        guard let first = peek, Self.isDigit(first) else { throw failure("expected \(what), found \(found)") }
        while let byte = peek, Self.isDigit(byte) { offset += 1 }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        for byte in word.utf8 {
            guard peek == byte else { throw failure("expected '\(word)', found \(found)") }
            offset += 1
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        guard peek == byte else { throw failure("expected \(what), found \(found)") }
        offset += 1
    }

    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { offset += 1 }
    }

    private var peek: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    /// The character at the offset, quoted, or "the end of the text".
    private var found: String {
        guard offset < bytes.count else { return "the end of the text" }
        var end = offset + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return "'\(String(decoding: bytes[offset..<end], as: UTF8.self))'"
    }

    private func failure(_ reason: String) -> Failure {
        let before = bytes[..<min(offset, bytes.count)]
        let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = before[lineStart...].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return Failure(line: line, column: column, reason: reason)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
