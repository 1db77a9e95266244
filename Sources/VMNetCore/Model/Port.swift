/// A port the VM listens on, to be forwarded to it: `{name: http, port: 80, protocol: TCP}`.
public struct Port: Codable, Sendable, Hashable {
    /// An optional IANA service name.
    public var name: String?
    /// The port number, 1–65535; `nil` when the manifest left it out.
    public var port: Int?
    /// `TCP` or `UDP`; `nil` means TCP.
    public var `protocol`: String?

    /// Creates a port.
    public init(name: String? = nil, port: Int?, protocol: String? = nil) {
        self.name = name
        self.port = port
        self.protocol = `protocol`
    }

    /// The protocol in effect: the one written, or `TCP`.
    public var effectiveProtocol: String { `protocol` ?? "TCP" }
}
