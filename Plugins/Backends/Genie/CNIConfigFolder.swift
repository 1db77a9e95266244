import Foundation
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
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
            let names = try? FileManager.default.contentsOfDirectory(atPath: path)
        else {
            throw PlanError("the CNI config folder \(path) does not exist or cannot be read (give the node's with --cni-conf-dir)")
        }
        types = names.filter { $0.hasSuffix(".conf") || $0.hasSuffix(".conflist") }.sorted().compactMap { name in
            let file = (path as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: file),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return nil }
            let type = object["type"] as? String ?? ((object["plugins"] as? [[String: Any]])?.first?["type"] as? String)
            return type.map { (file, $0) }
        }
    }

    /// The first file whose type is `type`, or an error listing the types the folder has.
    func file(ofType type: String, for network: String) throws(PlanError) -> String {
        if let match = types.first(where: { $0.type == type }) { return match.file }
        let seen = types.isEmpty ? "none" : types.map { "\($0.type) (\(($0.file as NSString).lastPathComponent))" }.joined(separator: ", ")
        throw PlanError("genie network \(network): no CNI config in \(path) has type '\(type)'; types seen: \(seen)")
    }
}
