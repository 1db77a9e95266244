/// A port the VM listens on, to be forwarded to it: `{name: http, port: 80, protocol: TCP}`.
///
/// In JSON a port with only its number is that number (`80`), otherwise an object (`{"name": "http", "port": 80,
/// "protocol": "UDP"}`): every plugin call carries the VM, and a thousand forwarded ports as objects made most of
/// the cost of those calls. Documents of contract 1.0 use the object form only.
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

    private enum CodingKeys: String, CodingKey {
        case name, port, `protocol`
    }

    /// Decodes a port from its number or from its object form.
    public init(from decoder: any Decoder) throws {
        if let number = try? decoder.singleValueContainer().decode(Int.self) {
            self.init(port: number)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decodeIfPresent(String.self, forKey: .name),
            port: try container.decodeIfPresent(Int.self, forKey: .port),
            protocol: try container.decodeIfPresent(String.self, forKey: .protocol))
    }

    /// Encodes the port as its number when it has only that (but for contract 1.0), else as an object.
    public func encode(to encoder: any Encoder) throws {
        if name == nil, `protocol` == nil, let port, !encoder.wantsObjectForms {
            var container = encoder.singleValueContainer()
            try container.encode(port)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(port, forKey: .port)
        try container.encodeIfPresent(`protocol`, forKey: .protocol)
    }
}
