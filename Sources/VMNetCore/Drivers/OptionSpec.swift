/// One option a driver accepts under its manifest key, e.g. multus's `networkName`.
///
/// The core checks names and types while decoding, so an unknown or mistyped option is reported with its position
/// and a suggestion before the driver sees it.
public struct OptionSpec: Codable, Sendable, Equatable {
    /// The scalar types an option may have.
    public enum ValueType: String, Codable, Sendable {
        case string, bool, integer
    }

    /// The option's key.
    public var name: String
    /// Its type.
    public var type: ValueType
    /// One sentence for `plugins info` and the manifest reference.
    public var summary: String

    /// Creates an option spec.
    public init(_ name: String, _ type: ValueType, summary: String) {
        self.name = name
        self.type = type
        self.summary = summary
    }
}
