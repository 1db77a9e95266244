import FoundationEssentials
import VMNetCore
import VMNetRuntime

/// The network selection elements that have Multus run vmnet-cni for each of a VM's interfaces, KubeVirt's
/// binding-CNI way: one element per interface naming the binding's NetworkAttachmentDefinition, right after that
/// network's own element (the pod network has none: it is the cluster's), carrying in `cni-args` the network
/// (`logicNetworkName`) and the VM's networking (`vmnet`) that vmnet-cni reads. Each names its attachment
/// `vmn<sha256(network)[:11]>`: vmnet-cni makes no link of that name, but Multus would otherwise call it
/// `net<position>`, which an ordinal secondary network's own element may already use.
struct CNIBindingElements {
    /// The binding's NetworkAttachmentDefinition, `namespace/name`.
    var namespace: String
    var name: String

    /// Parses `NAMESPACE/NAME`.
    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        (namespace, name) = (parts[0], parts[1])
    }

    /// The networks annotation `networks` (the backends', or none) with vmnet-cni's elements for `vm`, whose
    /// networking document is `document` and whose networks have the pod interfaces `assignments` names.
    func networks(
        _ networks: String?, for vm: VirtualMachine, document: String, assignments: [String: BackendPlan.Assignment]
    ) -> String {
        var remaining = networks.flatMap { JSONValue(parsing: Array($0.utf8))?.elements } ?? []
        var elements: [String] = []
        for interface in vm.interfaces ?? [] {
            guard let assignment = assignments[interface.name] else { continue }
            if !assignment.isPrimary, let own = remaining.firstIndex(where: { $0["interface"]?.text == assignment.podInterface }) {
                elements.append(Self.render(remaining.remove(at: own)))
            }
            elements.append(element(for: interface.name, document: document))
        }
        return "[" + (elements + remaining.map(Self.render)).joined(separator: ",") + "]"
    }

    private func element(for network: String, document: String) -> String {
        let attachment = "vmn" + SHA256.hexDigest(network).prefix(11)
        return "{\"name\":\(JSONString.quoted(name)),\"namespace\":\(JSONString.quoted(namespace)),"
            + "\"interface\":\(JSONString.quoted(attachment)),\"cni-args\":{\"logicNetworkName\":\(JSONString.quoted(network)),\"vmnet\":\(document)}}"
    }

    /// An element of the backends' annotation, its members in KubeVirt's order (name, namespace, mac, interface).
    private static func render(_ element: JSONValue) -> String {
        let order = ["name", "namespace", "mac", "interface"]
        let keys = order.filter { element[$0] != nil } + element.keys.filter { !order.contains($0) }
        let members = keys.map { key -> String in
            let value = element[key]!
            let text = value.text.map(JSONString.quoted)
                ?? String(decoding: (try? JSONEncoder().encode(value)) ?? Data("null".utf8), as: UTF8.self)
            return "\(JSONString.quoted(key)):\(text)"
        }
        return "{" + members.joined(separator: ",") + "}"
    }
}
