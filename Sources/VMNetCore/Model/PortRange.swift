/// A range of ports forwarded to the guest, KubeVirt's alpha `portRanges` entry: `{protocol: TCP, start: 8000, end: 8080}`.
public struct PortRange: Codable, Sendable, Hashable {
    /// `TCP` or `UDP` as written.
    public var `protocol`: String?
    /// The first port, 1–65535.
    public var start: Int?
    /// The last port, `start`–65535.
    public var end: Int?

    /// Creates a range.
    public init(protocol: String? = nil, start: Int? = nil, end: Int? = nil) {
        self.protocol = `protocol`
        self.start = start
        self.end = end
    }
}
