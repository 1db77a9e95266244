import FoundationEssentials

/// Prints a value as one pretty, key-sorted JSON document on standard output.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        StandardStream.output.write(String(decoding: data, as: UTF8.self) + "\n")
    }
}
