import Foundation

/// A CNI runtime, as the CNI specification describes one, for a pod namespace: it runs Debian's
/// containernetworking-plugins from `/usr/lib/cni` with `CNI_COMMAND`, `CNI_CONTAINERID`, `CNI_NETNS`,
/// `CNI_IFNAME`, `CNI_PATH` and `CNI_ARGS` set and the network configuration on standard input.
///
/// Plugins work in the namespace they are started in (a macvlan's master, a ptp's host end, a bridge all live
/// there), so each runs inside a "node" namespace the test made (`ip netns exec NODE`), never the host's. host-local
/// keeps its leases in the test's folder.
struct CNIRuntime {
    /// Where Debian installs the plugins.
    static let pluginFolder = "/usr/lib/cni"

    /// The namespace plugins run in, holding what they make on the host side.
    let node: TestNamespace
    /// The pod namespace, `CNI_NETNS`.
    let pod: TestNamespace
    /// host-local's `dataDir`.
    let ipamDataDirectory: String
    /// `CNI_CONTAINERID`.
    let containerID = "vmnet-test-\(getpid())-\(UUID().uuidString.prefix(8))"

    /// A network attached to the pod by ADD.
    struct Attachment {
        /// The attachment's `namespace/name`, as Multus names it in the network-status annotation.
        var network: String
        /// `CNI_IFNAME`.
        var interface: String
        /// Whether it is the pod's default network.
        var isDefault: Bool
        /// The configurations run, in order: one, or a list's plugins.
        var plugins: [[String: Any]]
        /// `CNI_ARGS`.
        var arguments: String
        /// The last plugin's result.
        var result: [String: Any]

        /// The pod interface's entry of the result's `interfaces`.
        var podInterface: [String: Any]? {
            (result["interfaces"] as? [[String: Any]])?.last { $0["name"] as? String == interface && ($0["sandbox"] as? String ?? "") != "" }
        }

        /// The addresses IPAM gave, `ADDRESS/PREFIX`.
        var addresses: [String] {
            ((result["ips"] as? [[String: Any]]) ?? []).compactMap { $0["address"] as? String }
        }

        /// The entry Multus writes for it in the network-status annotation.
        var networkStatusEntry: [String: Any] {
            var entry: [String: Any] = [
                "name": network, "interface": interface,
                "ips": addresses.map { String($0.prefix { $0 != "/" }) }, "default": isDefault, "dns": [String: Any](),
            ]
            if let mac = podInterface?["mac"] { entry["mac"] = mac }
            return entry
        }
    }

    /// Attaches the network whose configuration (a network configuration or a list) is `config` as `interface`,
    /// with `mac` requested the way Multus passes a selection element's MAC: `MAC` in `CNI_ARGS`, and
    /// `runtimeConfig.mac` for a plugin with the `mac` capability.
    func add(
        _ config: String, network: String, interface: String, mac: String? = nil, isDefault: Bool = false
    ) throws -> Attachment {
        let (name, plugins) = try Self.plugins(of: config, network: network)
        var arguments = "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=virt-launcher;K8S_POD_INFRA_CONTAINER_ID=\(containerID)"
        if let mac { arguments += ";MAC=\(mac)" }
        var prepared: [[String: Any]] = []
        var result: [String: Any] = [:]
        for plugin in plugins {
            var conf = prepare(plugin, name: name, mac: mac)
            prepared.append(conf)
            if !result.isEmpty { conf["prevResult"] = result }
            result = try exec("ADD", conf, interface: interface, arguments: arguments)
        }
        return Attachment(
            network: network, interface: interface, isDefault: isDefault, plugins: prepared, arguments: arguments,
            result: result)
    }

    /// Detaches `attachment`: DEL of each plugin, last first, with the attachment's result as `prevResult`.
    func delete(_ attachment: Attachment) throws {
        for plugin in attachment.plugins.reversed() {
            var conf = plugin
            conf["prevResult"] = attachment.result
            _ = try exec("DEL", conf, interface: attachment.interface, arguments: attachment.arguments)
        }
    }

    /// The network-status annotation Multus would write for `attachments`.
    static func networkStatus(_ attachments: [Attachment]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: attachments.map(\.networkStatusEntry)), as: UTF8.self)
    }

    /// A network configuration's plugins: itself, or a list's `plugins`, each to be given the list's name and
    /// version; a configuration without a name takes the attachment's, as Multus gives it.
    private static func plugins(of config: String, network: String) throws -> (String, [[String: Any]]) {
        guard let object = try JSONSerialization.jsonObject(with: Data(config.utf8)) as? [String: Any] else {
            throw TestFailure("the CNI config of \(network) is not a JSON object")
        }
        let name = object["name"] as? String ?? String(network.split(separator: "/").last ?? "")
        var plugins = (object["plugins"] as? [[String: Any]]) ?? [object]
        for index in plugins.indices {
            plugins[index]["cniVersion"] = object["cniVersion"] as? String ?? "0.3.1"
        }
        return (name, plugins)
    }

    /// A plugin's configuration as it is run: with the network's name, host-local's leases in the test's folder
    /// and the requested MAC for a plugin that declares the capability.
    private func prepare(_ plugin: [String: Any], name: String, mac: String?) -> [String: Any] {
        var conf = plugin
        conf["name"] = name
        if var ipam = conf["ipam"] as? [String: Any], ipam["type"] as? String == "host-local" {
            ipam["dataDir"] = ipamDataDirectory
            conf["ipam"] = ipam
        }
        if let mac, (conf["capabilities"] as? [String: Bool])?["mac"] == true {
            conf["runtimeConfig"] = ["mac": mac]
        }
        return conf
    }

    /// Runs the plugin of `conf` with `command`; its result, or a failure with the CNI error it printed.
    private func exec(_ command: String, _ conf: [String: Any], interface: String, arguments: String) throws -> [String: Any] {
        let type = conf["type"] as? String ?? ""
        let environment = [
            "CNI_COMMAND": command, "CNI_CONTAINERID": containerID, "CNI_NETNS": pod.path, "CNI_IFNAME": interface,
            "CNI_PATH": Self.pluginFolder, "CNI_ARGS": arguments, "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        ]
        let input = String(decoding: try JSONSerialization.data(withJSONObject: conf), as: UTF8.self)
        let result = try run(
            "/usr/sbin/ip", ["netns", "exec", node.name, "\(Self.pluginFolder)/\(type)"], environment: environment,
            input: input)
        guard result.status == 0 else {
            throw TestFailure("CNI \(command) of \(type) (\(interface)) failed: \(result.stdout)\(result.stderr)")
        }
        guard command == "ADD" else { return [:] }
        return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
    }
}
