import Foundation
import VMNetManifest

/// The `vmnet/netns` annotation a manifest names its network namespace with, as `ip netns` names it.
enum NamespaceAnnotation {
    /// The annotation's key.
    static let key = "vmnet/netns"

    /// The namespace the first document of `file` that carries the annotation names, if any.
    static func namespace(in file: String) throws(DaemonError) -> String? {
        let text: String
        let documents: [Node]
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw .manifest(file: file, "cannot read it: \(error.localizedDescription)")
        }
        do {
            documents = try YAMLReader.documents(in: text, file: file)
        } catch {
            throw .manifest(file: file, error.diagnostic.formatted)
        }
        return documents.lazy.compactMap { $0["metadata"]?["annotations"]?[key]?.scalarText }.first
    }
}
