import Foundation
import VMNetManifest
import VMNetPluginHost

/// The nine built-in drivers, loaded from their .so files beside the test binary, as vmnet loads them.
let drivers = PluginRegistry(searchPath: .besideExecutable).drivers

/// deploy/kubernetes: the manifests an operator applies.
enum DeployFolder {
    /// The folder.
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("deploy/kubernetes").path

    /// kustomize's file, which is not a Kubernetes object.
    static let kustomization = "kustomization.yaml"

    /// The manifests' file names, sorted (every `.yaml` but the kustomization).
    static let manifestFiles: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
        .filter { $0.hasSuffix(".yaml") && $0 != kustomization }.sorted()

    /// The documents of `file`, each with its position; the file is named `deploy/kubernetes/FILE` in them.
    static func documents(in file: String) throws -> [Node] {
        let text = try String(contentsOfFile: "\(path)/\(file)", encoding: .utf8)
        return try YAMLReader.documents(in: text, file: "deploy/kubernetes/\(file)").filter { !$0.isNull }
    }

    /// Every document of every manifest.
    static func allDocuments() throws -> [Node] {
        try manifestFiles.flatMap(documents(in:))
    }

    /// The documents of `kind`.
    static func documents(ofKind kind: String) throws -> [Node] {
        try allDocuments().filter { $0["kind"]?.string == kind }
    }
}
