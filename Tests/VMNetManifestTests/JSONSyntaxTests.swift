import Testing
@testable import VMNetManifest

/// The CNI config check refuses what Go's `encoding/json` refuses, and says where.
@Suite("Strict JSON syntax of CNI configs")
struct JSONSyntaxTests {
    @Test("accepts RFC 8259 documents and names the top-level kind", arguments: [
        (#"{"cniVersion": "1.0.0", "type": "bridge", "mtu": 1450, "ipam": {"ranges": [[{"subnet": "10.1.0.0/24"}]]}}"#, JSONSyntax.Kind.object),
        (" [1, -0.5e+3, 2E-1, true, false, null, \"\\u00e9\\n\\\"\"] \n", .array),
        (#""é""#, .string),
        ("0", .number),
        ("null", .literal),
        ("{}", .object),
    ])
    func accepts(text: String, kind: JSONSyntax.Kind) throws {
        #expect(try JSONSyntax.check(text) == kind)
    }

    @Test("refuses what Go refuses, with line and column", arguments: [
        ("{\"type\": \"bridge\",}", "line 1, column 19: a trailing ',' before '}' is not JSON"),
        ("[1, 2,]", "line 1, column 7: a trailing ',' before ']' is not JSON"),
        ("{\"mtu\": 01}", "line 1, column 10: a number must not start with a leading zero"),
        ("{\n  \"name\": \"a\tb\"\n}", "line 2, column 13: a control character (0x9) must be escaped in a string"),
        ("{'type': 1}", "line 1, column 2: expected a member name in double quotes, found '''"),
        ("{\"a\" 1}", "line 1, column 6: expected ':' after the member name, found '1'"),
        ("{\"a\": 1} x", "line 1, column 10: unexpected 'x' after the value"),
        ("{\"a\": tru}", "line 1, column 10: expected 'true', found '}'"),
        ("[\"\\x\"]", "line 1, column 4: '\\' followed by 'x' is not a JSON escape"),
        ("{\"é\": 1.}", "line 1, column 9: expected a digit after '.', found '}'"),
        ("{\"a\": [1}", "line 1, column 9: expected ',' or ']', found '}'"),
        ("\"open", "line 1, column 6: the string is not closed"),
        ("", "line 1, column 1: expected a value, found the end of the text"),
    ])
    func refuses(text: String, message: String) {
        #expect(throws: JSONSyntax.Failure.self) { try JSONSyntax.check(text) }
        do {
            _ = try JSONSyntax.check(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("refuses nesting deeper than its limit instead of overflowing the stack")
    func deepNesting() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONSyntax.Failure.self) { try JSONSyntax.check(text) }
    }
}
