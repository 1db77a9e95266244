import Foundation

/// A secondary pod interface made the way Multus makes one: the CNI plugin named by a
/// NetworkAttachmentDefinition's config runs on the node (in the node namespace) with
/// `CNI_COMMAND=ADD`, `CNI_NETNS` the pod, `CNI_IFNAME` the interface and the config on stdin.
///
/// Plugins come from Debian's containernetworking-plugins (`/usr/lib/cni`); host-local IPAM
/// keeps its leases in the test's folder (`dataDir`), not in /var/lib/cni.
struct SecondaryNetwork {
    /// Where the CNI plugins are.
    static let pluginFolder = "/usr/lib/cni"

    /// The interface inside the pod, e.g. `net1`.
    let interface: String
    /// Its address with prefix, from the plugin's result, e.g. `10.250.0.2/24`.
    let address: String
    /// The gateway the result names (the node's bridge with `isGateway`).
    let gateway: String?
    /// Its MAC address, from the plugin's result.
    let macAddress: String

    /// Runs the plugin of the attachment in `attachmentFile` (a NetworkAttachmentDefinition as
    /// JSON) for `interface` of `pod`; `directory` holds the config and the IPAM leases.
    static func add(
        attachmentFile: String, interface: String, pod: String, node: String, directory: URL
    ) throws(GuestTestError) -> SecondaryNetwork {
        var config = try Self.config(of: attachmentFile)
        guard let type = config["type"] as? String else {
            throw .io(path: attachmentFile, reason: "the CNI config names no plugin type")
        }
        let plugin = "\(pluginFolder)/\(type)"
        guard FileManager.default.isExecutableFile(atPath: plugin) else {
            throw .missingTool(path: plugin, package: "containernetworking-plugins")
        }
        var ipam = config["ipam"] as? [String: Any] ?? [:]
        ipam["dataDir"] = directory.appendingPathComponent("cni-ipam").path
        config["ipam"] = ipam
        let configFile = directory.appendingPathComponent("cni-\(interface).json")
        do {
            try JSONSerialization.data(withJSONObject: config).write(to: configFile)
        } catch {
            throw .io(path: configFile.path, reason: "\(error)")
        }
        let environment = [
            "CNI_COMMAND=ADD", "CNI_CONTAINERID=\(pod)", "CNI_NETNS=/run/netns/\(pod)", "CNI_IFNAME=\(interface)",
            "CNI_PATH=\(pluginFolder)",
        ]
        let output = try Command(
            "/usr/sbin/ip", ["netns", "exec", node, "/usr/bin/env"] + environment + [plugin], stdin: configFile.path
        ).run()
        guard output.status == 0,
            let result = try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any],
            let ip = (result["ips"] as? [[String: Any]])?.first, let address = ip["address"] as? String
        else {
            throw .commandFailed(command: "CNI ADD \(plugin) for \(interface)", status: output.status, stderr: output.stdout + output.stderr)
        }
        let interfaces = result["interfaces"] as? [[String: Any]] ?? []
        let inPod = interfaces.first { $0["name"] as? String == interface && $0["sandbox"] != nil }
        return SecondaryNetwork(
            interface: interface, address: address, gateway: ip["gateway"] as? String,
            macAddress: inPod?["mac"] as? String ?? "")
    }

    /// The address without its prefix.
    var host: String { String(address.split(separator: "/")[0]) }

    /// The CNI config inside the attachment's `spec.config`.
    private static func config(of attachmentFile: String) throws(GuestTestError) -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: attachmentFile),
            let attachment = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let text = (attachment["spec"] as? [String: Any])?["config"] as? String,
            let config = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else {
            throw .io(path: attachmentFile, reason: "not a NetworkAttachmentDefinition with a JSON spec.config")
        }
        return config
    }
}
