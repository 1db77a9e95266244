import FoundationEssentials
import VMNetCore

/// A node's CNI config folder as CNI-Genie reads it: `.conf` and `.conflist` files in file-name order, each known by
/// its plugin `type` (a list by its first plugin's).
struct CNIConfigFolder {
    /// The folder's path.
    let path: String
    /// The files that have a type, with it, in file-name order.
    let types: [(file: String, type: String)]

    /// Reads the folder; a missing or unreadable folder is a plan error naming it.
    init(_ path: String) throws(PlanError) {
        self.path = path
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            throw PlanError("the CNI config folder \(path) does not exist or cannot be read (give the node's with --cni-conf-dir)")
        }
        let folder = path.hasSuffix("/") ? path : path + "/"
        types = names.filter { $0.hasSuffix(".conf") || $0.hasSuffix(".conflist") }.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder + name),
                let config = try? JSONDecoder().decode(TypedConfig.self, from: data),
                let type = config.type ?? config.plugins?.first?.type
            else { return nil }
            return (folder + name, type)
        }
    }

    /// The part of a CNI config (or of a list's first plugin) that names its plugin type.
    private struct TypedConfig: Decodable {
        struct Plugin: Decodable {
            var type: String?
        }

        var type: String?
        var plugins: [Plugin]?
    }

    /// The first file whose type is `type`, or an error listing the types the folder has.
    func file(ofType type: String, for network: String) throws(PlanError) -> String {
        if let match = types.first(where: { $0.type == type }) { return match.file }
        let seen = types.isEmpty ? "none" : types.map { "\($0.type) (\($0.file.split(separator: "/").last.map(String.init) ?? $0.file))" }.joined(separator: ", ")
        throw PlanError("genie network \(network): no CNI config in \(path) has type '\(type)'; types seen: \(seen)")
    }
}
