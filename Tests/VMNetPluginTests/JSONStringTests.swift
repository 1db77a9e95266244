import Foundation
import Testing
import VMNetCore

@Suite("JSONString: the one hand-written JSON string literal of QEMU's -device value and Multus's annotation")
struct JSONStringTests {
    @Test("quotes and backslashes are escaped, newline, return and tab by name, other control characters as \\u00XX")
    func escapes() {
        #expect(JSONString.quoted(#"say "hi" \ bye"#) == #""say \"hi\" \\ bye""#)
        #expect(JSONString.quoted("a\nb\rc\td") == #""a\nb\rc\td""#)
        #expect(JSONString.quoted("\u{0}\u{8}\u{1b}\u{1f}") == #""\u0000\u0008\u001b\u001f""#)
        #expect(JSONString.quoted("") == #""""#)
    }

    @Test("non-ASCII text, DEL and the slash are written as they are")
    func nonASCII() {
        #expect(JSONString.quoted("réseau/网络 🦆\u{7f}\u{2028}") == "\"réseau/网络 🦆\u{7f}\u{2028}\"")
    }

    @Test("every literal decodes back to its text")
    func roundTrip() throws {
        let texts = [String((0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) }), "net1", "prod/red", "é\"\\\u{1}🦆"]
        for text in texts {
            #expect(try JSONDecoder().decode(String.self, from: Data(JSONString.quoted(text).utf8)) == text)
        }
    }
}
