/// The result of `describe`: what kind of plugin answers and its manifest.
///
/// On the wire: `{"kind": "binding", "manifest": {…BindingManifest…}}` or the same with `backend`. The kind is
/// spelled out so a plugin whose descriptor and manifest disagree is caught instead of half-decoded.
package enum PluginManifest: Codable, Sendable, Equatable {
    /// A binding's manifest.
    case binding(BindingManifest)
    /// A backend's manifest.
    case backend(BackendManifest)

    private enum CodingKeys: String, CodingKey {
        case kind, manifest
    }

    /// The kind the document declares.
    package var kind: PluginKind {
        switch self {
        case .binding: .binding
        case .backend: .backend
        }
    }

    /// The manifest's name.
    package var name: String {
        switch self {
        case .binding(let manifest): manifest.name
        case .backend(let manifest): manifest.name
        }
    }

    /// The manifest's version.
    package var version: String {
        switch self {
        case .binding(let manifest): manifest.version
        case .backend(let manifest): manifest.version
        }
    }

    /// The manifest's one-sentence summary.
    package var summary: String {
        switch self {
        case .binding(let manifest): manifest.summary
        case .backend(let manifest): manifest.summary
        }
    }

    /// The manifest's options.
    package var options: [OptionSpec] {
        switch self {
        case .binding(let manifest): manifest.options
        case .backend(let manifest): manifest.options
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(PluginKind.self, forKey: .kind) {
        case .binding: self = .binding(try container.decode(BindingManifest.self, forKey: .manifest))
        case .backend: self = .backend(try container.decode(BackendManifest.self, forKey: .manifest))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .binding(let manifest): try container.encode(manifest, forKey: .manifest)
        case .backend(let manifest): try container.encode(manifest, forKey: .manifest)
        }
    }
}
