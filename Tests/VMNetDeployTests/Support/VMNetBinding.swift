import VMNetCore
import VMNetEngine
@testable import VMNetManifest

/// What vmnet-cni expects of the manifests that use it (docs/kubernetes.md): the binding NAD's plugin
/// configuration, and the element of a launcher pod's networks annotation that names it.
enum VMNetBinding {
    /// The CNI type of vmnet-cni.
    static let cniType = "vmnet-cni"
    /// Multus' network-selection annotation.
    static let networksAnnotation = "k8s.v1.cni.cncf.io/networks"

    /// `namespace/name` of a NetworkAttachmentDefinition whose config has type vmnet-cni; nil for any other document.
    static func reference(of document: Node) -> String? {
        guard document["kind"]?.string == "NetworkAttachmentDefinition",
              let text = document.at("spec", "config")?.string, CNIConfig(text: text)?.string("type") == cniType,
              let name = document.at("metadata", "name")?.string else { return nil }
        return "\(document.at("metadata", "namespace")?.string ?? "default")/\(name)"
    }

    /// The problems of a vmnet NAD's config beyond Kubernetes' own: the versions that Debian's (and most
    /// runtimes') libcni 1.1.x accepts, and the optional members' types.
    static func problems(inAttachment document: Node) -> [Problem] {
        var list = ProblemList()
        guard let node = document.at("spec", "config"), let text = node.string, let config = CNIConfig(text: text) else {
            list.add("spec.config", at: document.at("spec", "config"), near: document, "no CNI config object")
            return list.problems
        }
        if config.string("type") != cniType { list.add("spec.config", at: node, near: document, "type must be \(cniType)") }
        if config.string("cniVersion") != "1.0.0" {
            list.add("spec.config", at: node, near: document, "cniVersion must be 1.0.0: libcni 1.1.x refuses a 1.1.0 result")
        }
        if !Set(config.strings("cniVersions") ?? []).isSuperset(of: ["1.0.0", "1.1.0"]) {
            list.add("spec.config", at: node, near: document, "cniVersions must list 1.0.0 and 1.1.0")
        }
        if (config.string("name") ?? "").isEmpty { list.add("spec.config", at: node, near: document, "the config needs a name") }
        for key in ["tapOwner", "tapGroup"] where config.value(key) != nil && config.integer(key) == nil {
            list.add("spec.config", at: node, near: document, "\(key) must be a number (a uid or gid)")
        }
        if let stateDir = config.value("stateDir"), !((stateDir as? String)?.hasPrefix("/") ?? false) {
            list.add("spec.config", at: node, near: document, "stateDir must be an absolute path")
        }
        if config.value("pluginPath") != nil, !(config.strings("pluginPath")?.allSatisfy { $0.hasPrefix("/") } ?? false) {
            list.add("spec.config", at: node, near: document, "pluginPath must be a list of absolute paths")
        }
        if let naming = config.value("naming"), !["ordinal", "hashed"].contains(naming as? String ?? "") {
            list.add("spec.config", at: node, near: document, "naming must be ordinal or hashed")
        }
        return list.problems
    }

    /// The problems of a launcher pod's networks annotation, given the vmnet NADs (`namespace/name`): it must be a
    /// JSON list with an element naming one of them, its `interface` a `vmn…` attachment name rather than a pod
    /// interface (vmnet-cni runs as a separate attachment and makes no link of that name),
    /// whose `cni-args` carry a `vmnet` document that vmnet decodes and validates clean and a `logicNetworkName`
    /// naming one of that VM's networks.
    static func problems(inLauncher pod: Node, bindings: Set<String>, drivers: DriverSet) -> [Problem] {
        var list = ProblemList()
        let path = "metadata.annotations.\(networksAnnotation)"
        guard let node = pod.at("metadata", "annotations", networksAnnotation), let text = node.string else {
            list.add(path, at: nil, near: pod, "a launcher pod needs the networks annotation")
            return list.problems
        }
        do {
            if try JSONSyntax.check(text) != .array { list.add(path, at: node, near: pod, "the annotation must be a JSON list") }
        } catch {
            list.add(path, at: node, near: pod, "not JSON that Multus reads: \(error)")
            return list.problems
        }
        let podNamespace = pod.at("metadata", "namespace")?.string ?? "default"
        let elements = CNIConfig.list(text: text) ?? []
        var found = false
        for (index, element) in elements.enumerated() {
            let elementPath = "\(path)[\(index)]"
            guard let element else {
                list.add(elementPath, at: node, near: pod, "a network-selection element must be an object")
                continue
            }
            let reference = "\(element.string("namespace") ?? podNamespace)/\(element.string("name") ?? "")"
            guard bindings.contains(reference) else { continue }
            found = true
            if let interface = element.value("interface"), !((interface as? String)?.hasPrefix("vmn") ?? false) {
                list.add(elementPath, at: node, near: pod, "vmnet's element must not name a pod interface as its interface: vmnet-cni wires the pod interface vmnet names, under an attachment name vmn<hash>")
            }
            guard let arguments = element.object("cni-args") else {
                list.add("\(elementPath).cni-args", at: node, near: pod, "vmnet's element needs cni-args")
                continue
            }
            guard let vmnet = arguments.object("vmnet") else {
                list.add("\(elementPath).cni-args.vmnet", at: node, near: pod, "cni-args needs the VM's networking as a KubeVirt document")
                continue
            }
            let file = "\(node.location.file):\(elementPath).cni-args.vmnet"
            let report: ValidationReport
            do {
                report = try ManifestDecoder(drivers: drivers).decode(vmnet.text, file: file).validate(with: Validator(drivers: drivers))
            } catch {
                list.add("\(elementPath).cni-args.vmnet", at: node, near: pod, "vmnet cannot read it: \(error)")
                continue
            }
            for diagnostic in report.diagnostics {
                list.add("\(elementPath).cni-args.vmnet", at: node, near: pod, "vmnet validate: \(diagnostic.formatted)")
            }
            guard report.machines.count == 1, let vm = report.machines.first?.vm else {
                list.add("\(elementPath).cni-args.vmnet", at: node, near: pod, "must hold one VM, not \(report.machines.count)")
                continue
            }
            if vm.namespace != podNamespace {
                list.add("\(elementPath).cni-args.vmnet", at: node, near: pod, "the VM is in namespace \(vm.namespace), its launcher pod in \(podNamespace)")
            }
            let networks = (vm.networks ?? []).map(\.name)
            if let network = arguments.string("logicNetworkName") {
                if !networks.contains(network) {
                    list.add("\(elementPath).cni-args.logicNetworkName", at: node, near: pod,
                             "'\(network)' is none of the VM's networks (\(networks.joined(separator: ", ")))")
                }
            } else {
                list.add("\(elementPath).cni-args.logicNetworkName", at: node, near: pod, "cni-args needs logicNetworkName, the VM network to wire")
            }
        }
        if !found {
            list.add(path, at: node, near: pod, "no element names a vmnet NetworkAttachmentDefinition (\(bindings.sorted().joined(separator: ", ")))")
        }
        return list.problems
    }
}
