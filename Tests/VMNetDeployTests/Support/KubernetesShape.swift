@testable import VMNetManifest

/// What the API server, or the DaemonSet controller and kubelet right after it, would refuse in a manifest: the
/// checks `kubectl apply --dry-run=server` makes, for the kinds deploy/kubernetes uses, without a cluster.
enum KubernetesShape {
    /// The kinds a manifest may hold, by apiVersion.
    static let kinds: [String: Set<String>] = [
        "v1": ["Pod", "Namespace", "ServiceAccount", "ConfigMap"],
        "apps/v1": ["DaemonSet"],
        "k8s.cni.cncf.io/v1": ["NetworkAttachmentDefinition"],
    ]

    static let pullPolicies: Set = ["Always", "IfNotPresent", "Never"]
    static let hostPathTypes: Set = ["", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"]

    /// Every problem of one document.
    static func problems(in document: Node) -> [Problem] {
        var list = ProblemList()
        guard document.entries != nil else {
            list.add("", at: document, near: document, "a manifest must be a mapping, not \(document.kindDescription)")
            return list.problems
        }
        let apiVersion = document["apiVersion"]?.string
        let kind = document["kind"]?.string
        switch (apiVersion, kind) {
        case (nil, _):
            list.add("apiVersion", at: document["apiVersion"], near: document, "missing, or not a string")
        case (_, nil):
            list.add("kind", at: document["kind"], near: document, "missing, or not a string")
        case (let apiVersion?, let kind?) where kinds[apiVersion]?.contains(kind) != true:
            list.add("kind", at: document["kind"], near: document, "\(apiVersion) \(kind) is not a kind deploy/kubernetes uses")
        default:
            break
        }
        checkMetadata(of: document, &list)
        let spec = document["spec"]
        switch kind {
        case "DaemonSet":
            checkDaemonSet(document, &list)
        case "Pod":
            if let spec { checkPodSpec(spec, at: "spec", &list) } else { list.add("spec", at: nil, near: document, "missing") }
        case "NetworkAttachmentDefinition":
            checkNetworkAttachmentDefinition(document, &list)
        default:
            break
        }
        return list.problems
    }

    private static func checkMetadata(of document: Node, _ list: inout ProblemList) {
        guard let metadata = document["metadata"], metadata.entries != nil else {
            list.add("metadata", at: document["metadata"], near: document, "missing, or not a mapping")
            return
        }
        if let name = metadata["name"]?.string {
            if !DNSName.isSubdomain(name) {
                list.add("metadata.name", at: metadata["name"], near: metadata, "'\(name)' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')")
            }
        } else {
            list.add("metadata.name", at: metadata["name"], near: metadata, "missing, or not a string")
        }
        if let namespace = metadata["namespace"], !(namespace.string.map(DNSName.isLabel) ?? false) {
            list.add("metadata.namespace", at: namespace, near: metadata, "not a DNS-1123 label")
        }
        checkLabels(metadata["labels"], at: "metadata.labels", near: metadata, &list)
        if let annotations = metadata["annotations"] {
            for entry in annotations.entries ?? [] where entry.value.string == nil {
                list.add("metadata.annotations.\(entry.key.scalarText ?? "")", at: entry.value, near: annotations,
                         "an annotation's value must be a string, not \(entry.value.kindDescription) (quote it)")
            }
            if annotations.entries == nil { list.add("metadata.annotations", at: annotations, near: metadata, "not a mapping") }
        }
    }

    private static func checkLabels(_ labels: Node?, at path: String, near: Node, _ list: inout ProblemList) {
        guard let labels else { return }
        guard let entries = labels.entries else {
            list.add(path, at: labels, near: near, "not a mapping")
            return
        }
        for entry in entries {
            let key = entry.key.scalarText ?? ""
            if let value = entry.value.string {
                if !DNSName.isLabelValue(value) { list.add("\(path).\(key)", at: entry.value, near: labels, "'\(value)' is not a valid label value") }
            } else {
                list.add("\(path).\(key)", at: entry.value, near: labels, "a label's value must be a string, not \(entry.value.kindDescription)")
            }
        }
    }

    private static func checkDaemonSet(_ document: Node, _ list: inout ProblemList) {
        guard let spec = document["spec"] else {
            list.add("spec", at: nil, near: document, "missing")
            return
        }
        let selector = spec.at("selector", "matchLabels")?.entries ?? []
        if selector.isEmpty {
            list.add("spec.selector.matchLabels", at: spec.at("selector", "matchLabels"), near: spec, "a DaemonSet needs a non-empty selector")
        }
        let template = spec.at("template", "metadata", "labels")
        checkLabels(template, at: "spec.template.metadata.labels", near: spec, &list)
        for entry in selector {
            let key = entry.key.scalarText ?? ""
            let labelled = template?[key]?.string
            if labelled == nil || labelled != entry.value.string {
                list.add("spec.selector.matchLabels.\(key)", at: entry.value, near: spec,
                         "the pod template's labels must carry \(key): \(entry.value.scalarText ?? "") (the selector must match the template)")
            }
        }
        if let podSpec = spec.at("template", "spec") {
            checkPodSpec(podSpec, at: "spec.template.spec", &list)
        } else {
            list.add("spec.template.spec", at: nil, near: spec, "missing")
        }
    }

    private static func checkPodSpec(_ spec: Node, at path: String, _ list: inout ProblemList) {
        var volumes: Set<String> = []
        for (index, volume) in (spec["volumes"]?.items ?? []).enumerated() {
            let volumePath = "\(path).volumes[\(index)]"
            guard let name = volume["name"]?.string, DNSName.isLabel(name) else {
                list.add("\(volumePath).name", at: volume["name"], near: volume, "missing, or not a DNS-1123 label")
                continue
            }
            if !volumes.insert(name).inserted { list.add("\(volumePath).name", at: volume["name"], near: volume, "a second volume named \(name)") }
            if let hostPath = volume["hostPath"] {
                if !(hostPath["path"]?.string?.hasPrefix("/") ?? false) {
                    list.add("\(volumePath).hostPath.path", at: hostPath["path"], near: hostPath, "a hostPath volume needs an absolute path")
                }
                if let type = hostPath["type"], !(type.string.map(hostPathTypes.contains) ?? false) {
                    list.add("\(volumePath).hostPath.type", at: type, near: hostPath, "not a hostPath type (\(hostPathTypes.sorted().filter { !$0.isEmpty }.joined(separator: ", ")))")
                }
            }
        }
        let containers = spec["containers"]?.items ?? []
        if containers.isEmpty { list.add("\(path).containers", at: spec["containers"], near: spec, "a pod needs at least one container") }
        var names: Set<String> = []
        for group in ["initContainers", "containers"] {
            for (index, container) in (spec[group]?.items ?? []).enumerated() {
                checkContainer(container, at: "\(path).\(group)[\(index)]", volumes: volumes, names: &names, &list)
            }
        }
    }

    private static func checkContainer(_ container: Node, at path: String, volumes: Set<String>, names: inout Set<String>, _ list: inout ProblemList) {
        if let name = container["name"]?.string, DNSName.isLabel(name) {
            if !names.insert(name).inserted { list.add("\(path).name", at: container["name"], near: container, "a second container named \(name)") }
        } else {
            list.add("\(path).name", at: container["name"], near: container, "missing, or not a DNS-1123 label")
        }
        if (container["image"]?.string ?? "").isEmpty {
            list.add("\(path).image", at: container["image"], near: container, "every container needs an image")
        }
        if let policy = container["imagePullPolicy"], !(policy.string.map(pullPolicies.contains) ?? false) {
            list.add("\(path).imagePullPolicy", at: policy, near: container, "not one of \(pullPolicies.sorted().joined(separator: ", "))")
        }
        for (index, mount) in (container["volumeMounts"]?.items ?? []).enumerated() {
            let name = mount["name"]?.string ?? ""
            if !volumes.contains(name) {
                list.add("\(path).volumeMounts[\(index)].name", at: mount["name"], near: mount, "no volume named '\(name)' in the pod")
            }
            if !(mount["mountPath"]?.string?.hasPrefix("/") ?? false) {
                list.add("\(path).volumeMounts[\(index)].mountPath", at: mount["mountPath"], near: mount, "a mount needs an absolute mountPath")
            }
        }
    }

    private static func checkNetworkAttachmentDefinition(_ document: Node, _ list: inout ProblemList) {
        guard let config = document.at("spec", "config") else {
            list.add("spec.config", at: nil, near: document, "a NetworkAttachmentDefinition needs its CNI config")
            return
        }
        guard let text = config.string else {
            list.add("spec.config", at: config, near: document, "the CNI config is a string holding JSON, not \(config.kindDescription)")
            return
        }
        do {
            if try JSONSyntax.check(text) != .object { list.add("spec.config", at: config, near: document, "the CNI config must be a JSON object") }
        } catch {
            list.add("spec.config", at: config, near: document, "not JSON that Multus reads: \(error)")
            return
        }
        let object = CNIConfig(text: text)
        if object?.string("cniVersion") == nil { list.add("spec.config", at: config, near: document, "the CNI config has no cniVersion") }
        if object?.string("type") == nil && object?.value("plugins") == nil {
            list.add("spec.config", at: config, near: document, "the CNI config names no plugin: no type and no plugins")
        }
    }
}
