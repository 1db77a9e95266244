import Foundation
import VMNetCore
import VMNetEngine
import VMNetManifest
import VMNetTestKit

/// A pod as a node makes one: a "node" namespace whose uplink `eth0` (a veth to `uplink`) is the master the spec's
/// macvlan attachment names, an empty pod namespace, a CNI runtime that attaches networks to it, and a folder for
/// leases, journals and scripts.
struct CNIPod {
    let node: TestNamespace
    let pod: TestNamespace
    let runtime: CNIRuntime
    let folder: TestFolder

    /// The journals' folder.
    var state: String { "\(folder.path)/state" }

    /// Runs `body` with a fresh pod; deletes both namespaces (and with them whatever the plugins made) and the folder
    /// afterwards, even when `body` throws.
    static func with<T>(_ body: (CNIPod) throws -> T) throws -> T {
        try TestFolder.with { folder in
            try TestNamespace.with(["node", "pod"]) { namespaces in
                let (node, pod) = (namespaces[0], namespaces[1])
                try node.ip("link", "add", "eth0", "type", "veth", "peer", "name", "uplink")
                try node.ip("link", "set", "uplink", "up")
                try node.ip("link", "set", "eth0", "up")
                let runtime = CNIRuntime(node: node, pod: pod, ipamDataDirectory: "\(folder.path)/ipam")
                return try body(CNIPod(node: node, pod: pod, runtime: runtime, folder: folder))
            }
        }
    }

    /// Attaches the networks the way Multus does from `vmnet pod-annotations` of `manifests`: the default network
    /// (`v1.multus-cni.io/default-network`) as `eth0`, then one attachment per element of
    /// `k8s.v1.cni.cncf.io/networks` with its `interface` and `mac`. `configure` may rewrite an attachment's CNI
    /// config before it is used.
    func attachAnnotatedNetworks(
        _ manifests: [String], configure: (NetworkAttachmentDefinition) -> String = \.config
    ) throws -> [CNIRuntime.Attachment] {
        let printed = try VMNet.run(["pod-annotations", "--output", "json"] + manifests)
        guard printed.status == 0,
            let documents = try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [[String: Any]],
            let annotations = documents.first?["annotations"] as? [String: String]
        else { throw TestFailure("vmnet pod-annotations: \(printed.stderr)") }
        let definitions = try Self.attachments(in: manifests)
        func definition(_ name: String, namespace: String) throws -> NetworkAttachmentDefinition {
            guard let found = definitions.first(where: { $0.qualifiedName == "\(namespace)/\(name)" }) else {
                throw TestFailure("no NetworkAttachmentDefinition \(namespace)/\(name) among \(manifests)")
            }
            return found
        }
        var attachments: [CNIRuntime.Attachment] = []
        if let networkName = annotations["v1.multus-cni.io/default-network"] {
            let parts = networkName.split(separator: "/").map(String.init)
            let nad = try definition(parts.last!, namespace: parts.count == 2 ? parts[0] : "default")
            attachments.append(try runtime.add(configure(nad), network: nad.qualifiedName, interface: "eth0", isDefault: true))
        }
        let elements = try annotations["k8s.v1.cni.cncf.io/networks"].map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [[String: String]] ?? []
        } ?? []
        for element in elements {
            let nad = try definition(element["name"] ?? "", namespace: element["namespace"] ?? "default")
            attachments.append(
                try runtime.add(configure(nad), network: nad.qualifiedName, interface: element["interface"] ?? "", mac: element["mac"]))
        }
        return attachments
    }

    /// Writes the network-status annotation Multus would write for `attachments` and returns the file's path.
    func writeNetworkStatus(_ attachments: [CNIRuntime.Attachment]) throws -> String {
        try folder.write(try CNIRuntime.networkStatus(attachments), to: "network-status.json")
    }

    /// The NetworkAttachmentDefinitions among `files`, decoded by vmnet's own manifest decoder.
    static func attachments(in files: [String]) throws -> [NetworkAttachmentDefinition] {
        let decoder = ManifestDecoder(drivers: DriverSet(bindings: [], backends: []))
        return try files.flatMap { file in try decoder.decode(contentsOf: file).attachments }
    }

    /// `vmnet ARGS --netns POD --state-dir STATE FILES`.
    func vmnet(_ command: String, _ arguments: [String] = [], files: [String] = []) throws -> CommandResult {
        try VMNet.run([command, "--netns", pod.name, "--state-dir", state] + arguments + files)
    }
}
