import Foundation
import Testing
import VMNetCore
@testable import VMNetManifest

/// The manifests agree with vmnet-cni's contract and with each other: the NAD is vmnet-cni's config, the launcher
/// pod's annotation carries a VM vmnet validates clean, and the paths the pieces share are the same.
@Suite("deploy/kubernetes: what vmnet-cni expects")
struct VMNetBindingTests {
    static func attachments() throws -> [Node] {
        try DeployFolder.documents(ofKind: "NetworkAttachmentDefinition").filter { VMNetBinding.reference(of: $0) != nil }
    }

    static func daemonSet() throws -> Node {
        try #require(try DeployFolder.documents(ofKind: "DaemonSet").first { $0.at("metadata", "name")?.string == "vmnet-cni" })
    }

    static func launcher() throws -> Node {
        try #require(try DeployFolder.documents(ofKind: "Pod").first)
    }

    /// The hostPath of every volume of `podSpec`, by volume name.
    static func hostPaths(of podSpec: Node?) -> [String: String] {
        var paths: [String: String] = [:]
        for volume in podSpec?["volumes"]?.items ?? [] {
            if let name = volume["name"]?.string, let path = volume.at("hostPath", "path")?.string { paths[name] = path }
        }
        return paths
    }

    @Test("the binding NAD is vmnet-cni's config at CNI 1.0.0, which libcni 1.1.x accepts, and lists 1.1.0")
    func attachment() throws {
        let attachments = try Self.attachments()
        #expect(attachments.count == 1)
        for attachment in attachments {
            let problems = VMNetBinding.problems(inAttachment: attachment)
            #expect(problems.isEmpty, "\(problems.map(\.description))")
            let config = try #require(CNIConfig(text: attachment.at("spec", "config")?.string ?? ""))
            #expect(config.integer("tapOwner") == 107 && config.integer("tapGroup") == 107, "the taps must be QEMU's (KubeVirt's uid 107)")
        }
    }

    @Test("the example launcher pod's vmnet element carries a VM that vmnet validates clean, naming one of its networks")
    func launcherAnnotation() throws {
        let bindings = Set(try Self.attachments().compactMap(VMNetBinding.reference(of:)))
        let problems = VMNetBinding.problems(inLauncher: try Self.launcher(), bindings: bindings, drivers: drivers)
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
    }

    @Test("the NAD's stateDir is the folder the DaemonSet creates and the launcher's vmnet reads, mounted read-only")
    func stateDirectory() throws {
        let attachment = try #require(try Self.attachments().first)
        let config = try #require(CNIConfig(text: attachment.at("spec", "config")?.string ?? ""))
        let stateDir = config.string("stateDir") ?? "/var/lib/vmnet"
        #expect(Self.hostPaths(of: try Self.daemonSet().at("spec", "template", "spec")).values.contains(stateDir))
        let launcher = try Self.launcher()
        let volumes = Self.hostPaths(of: launcher["spec"])
        let commands = (launcher.at("spec", "containers")?.items ?? []).filter {
            ($0["command"]?.items ?? []).compactMap(\.string).joined(separator: " ").contains("--state-dir")
        }
        #expect(commands.count == 2, "vmnet serve and vmnet domain")
        for container in commands {
            let mount = try #require((container["volumeMounts"]?.items ?? []).first { volumes[$0["name"]?.string ?? ""] == stateDir },
                                     "\(container["name"]?.string ?? "") mounts no hostPath \(stateDir)")
            #expect(mount["readOnly"]?.isTrue == true)
            let command = (container["command"]?.items ?? []).compactMap(\.string).joined(separator: " ")
            #expect(command.contains("--state-dir \(mount["mountPath"]?.string ?? "")"), "\(command)")
            #expect(command.contains("--netns-path /proc/self/ns/net"), "\(command)")
        }
    }

    @Test("the NAD's pluginPath is where the DaemonSet installs the plugins")
    func pluginPath() throws {
        let attachment = try #require(try Self.attachments().first)
        let config = try #require(CNIConfig(text: attachment.at("spec", "config")?.string ?? ""))
        let hostPaths = Self.hostPaths(of: try Self.daemonSet().at("spec", "template", "spec")).values
        for folder in config.strings("pluginPath") ?? [] {
            #expect(hostPaths.contains { folder == $0 || folder.hasPrefix("\($0)/") }, "\(folder) is in no hostPath the DaemonSet writes")
        }
    }

    @Test("the DaemonSet runs on every node: host network, every taint tolerated, node-critical, a privileged install into the CNI bin folder")
    func daemonSetShape() throws {
        let spec = try #require(try Self.daemonSet().at("spec", "template", "spec"))
        #expect(spec["hostNetwork"]?.isTrue == true)
        #expect(spec["priorityClassName"]?.string == "system-node-critical")
        #expect((spec["tolerations"]?.items ?? []).contains { $0["operator"]?.string == "Exists" && $0["key"] == nil && $0["effect"] == nil })
        let install = try #require((spec["initContainers"]?.items ?? []).first { $0["name"]?.string == "install" })
        #expect(install.at("securityContext", "privileged")?.isTrue == true)
        #expect(Set(Self.hostPaths(of: spec).values).isSuperset(of: ["/opt/cni/bin", "/opt/vmnet", "/var/lib/vmnet"]))
        let main = try #require(spec["containers"]?.items?.first)
        #expect((main["command"]?.items ?? []).compactMap(\.string) == ["sleep", "infinity"])
    }

    @Test("every container runs the locally loaded vmnet:latest and never pulls it")
    func images() throws {
        for document in try DeployFolder.allDocuments() {
            let podSpec = document["kind"]?.string == "Pod" ? document["spec"] : document.at("spec", "template", "spec")
            for container in (podSpec?["initContainers"]?.items ?? []) + (podSpec?["containers"]?.items ?? []) {
                let name = container["name"]?.string ?? ""
                #expect(container["image"]?.string == "vmnet:latest", "\(name)")
                // With a :latest tag the default policy is Always, which fails on nodes that loaded the image by hand.
                #expect(container["imagePullPolicy"]?.string == "IfNotPresent", "\(name)")
            }
        }
    }

    static func attachment(config: String) -> String {
        """
        apiVersion: k8s.cni.cncf.io/v1
        kind: NetworkAttachmentDefinition
        metadata: {name: vmnet, namespace: default}
        spec:
          config: '\(config)'
        """
    }

    static let goodConfig = #"{"cniVersion": "1.0.0", "cniVersions": ["1.0.0", "1.1.0"], "name": "vmnet", "type": "vmnet-cni", "stateDir": "/var/lib/vmnet", "pluginPath": ["/opt/vmnet/plugins"], "tapOwner": 107, "tapGroup": 107, "naming": "ordinal"}"#

    @Test("vmnet-cni's configuration as the contract writes it passes")
    func goodAttachmentPasses() throws {
        let document = try #require(try YAMLReader.documents(in: Self.attachment(config: Self.goodConfig), file: "case.yaml").first)
        #expect(VMNetBinding.problems(inAttachment: document).map(\.description) == [])
    }

    static let attachmentMistakes: [Mistake] = [
        Mistake(goodConfig, replacing: #""cniVersion": "1.0.0""#, with: #""cniVersion": "1.1.0""#, expect: "libcni 1.1.x refuses a 1.1.0 result"),
        Mistake(goodConfig, replacing: #", "1.1.0"]"#, with: "]", expect: "cniVersions must list 1.0.0 and 1.1.0"),
        Mistake(goodConfig, replacing: #""type": "vmnet-cni""#, with: #""type": "vmnet""#, expect: "type must be vmnet-cni"),
        Mistake(goodConfig, replacing: #""tapOwner": 107"#, with: #""tapOwner": "qemu""#, expect: "tapOwner must be a number"),
        Mistake(goodConfig, replacing: #""stateDir": "/var/lib/vmnet""#, with: #""stateDir": "var/lib/vmnet""#, expect: "stateDir must be an absolute path"),
        Mistake(goodConfig, replacing: #"["/opt/vmnet/plugins"]"#, with: #""/opt/vmnet/plugins""#, expect: "pluginPath must be a list of absolute paths"),
        Mistake(goodConfig, replacing: #""naming": "ordinal""#, with: #""naming": "ordinals""#, expect: "naming must be ordinal or hashed"),
        Mistake(goodConfig, replacing: #""name": "vmnet", "#, with: "", expect: "the config needs a name"),
    ]

    @Test("each NAD check refuses its mistake", arguments: attachmentMistakes)
    func brokenAttachmentIsRefused(mistake: Mistake) throws {
        let document = try #require(try YAMLReader.documents(in: Self.attachment(config: mistake.text), file: "case.yaml").first)
        let problems = VMNetBinding.problems(inAttachment: document).map(\.description)
        #expect(problems.contains { $0.contains(mistake.expected) }, "expected '\(mistake.expected)' among \(problems)")
    }

    static func launcher(networks: String) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: virt-launcher-vm1
          namespace: default
          annotations:
            k8s.v1.cni.cncf.io/networks: '\(networks)'
        spec:
          containers: [{name: compute, image: vmnet:latest}]
        """
    }

    static let vm = #"{"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstance", "metadata": {"name": "vm1", "namespace": "default"}, "spec": {"domain": {"devices": {"interfaces": [{"name": "red", "masquerade": {}, "ports": [{"port": 80}]}]}}, "networks": [{"name": "red", "pod": {}}]}}"#
    static let goodNetworks = #"[{"name": "vmnet", "namespace": "default", "interface": "vmnb1f51a511f1", "cni-args": {"logicNetworkName": "red", "vmnet": \#(vm)}}]"#

    @Test("a vmnet element as `vmnet pod-annotations --cni-binding` makes it passes, with or without its namespace", arguments: [
        goodNetworks, goodNetworks.replacingOccurrences(of: #""namespace": "default", "#, with: ""),
    ])
    func goodLauncherPasses(networks: String) throws {
        let document = try #require(try YAMLReader.documents(in: Self.launcher(networks: networks), file: "case.yaml").first)
        #expect(VMNetBinding.problems(inLauncher: document, bindings: ["default/vmnet"], drivers: drivers).map(\.description) == [])
    }

    static let launcherMistakes: [Mistake] = [
        Mistake(goodNetworks, replacing: "}}]", with: "}},]", expect: "not JSON that Multus reads"),
        Mistake(#"{"name": "vmnet"}"#, expect: "the annotation must be a JSON list"),
        Mistake(#"[{"name": "ovs-vlan-100", "interface": "net1"}]"#, expect: "no element names a vmnet NetworkAttachmentDefinition (default/vmnet)"),
        Mistake(goodNetworks, replacing: #""namespace": "default", "#, with: #""namespace": "kube-system", "#, expect: "no element names a vmnet"),
        Mistake(goodNetworks, replacing: #""interface": "vmnb1f51a511f1""#, with: #""interface": "net1""#, expect: "must not name a pod interface"),
        Mistake(goodNetworks, replacing: #""logicNetworkName": "red""#, with: #""logicNetworkName": "blue""#, expect: "'blue' is none of the VM's networks (red)"),
        Mistake(goodNetworks, replacing: #""logicNetworkName": "red", "#, with: "", expect: "cni-args needs logicNetworkName"),
        Mistake(#"[{"name": "vmnet", "cni-args": {"logicNetworkName": "red"}}]"#, expect: "cni-args needs the VM's networking"),
        Mistake(#"[{"name": "vmnet"}]"#, expect: "vmnet's element needs cni-args"),
        Mistake(goodNetworks, replacing: #"{"port": 80}"#, with: #"{"port": 80, "protocol": "tcp"}"#, expect: "[port-protocol-unknown]"),
        Mistake(goodNetworks, replacing: #""masquerade": {}"#, with: #""masqurade": {}"#, expect: "did you mean 'masquerade'?"),
        Mistake(goodNetworks, replacing: #""namespace": "default"}"#, with: #""namespace": "prod"}"#, expect: "the VM is in namespace prod, its launcher pod in default"),
    ]

    @Test("each launcher check refuses its mistake", arguments: launcherMistakes)
    func brokenLauncherIsRefused(mistake: Mistake) throws {
        let document = try #require(try YAMLReader.documents(in: Self.launcher(networks: mistake.text), file: "case.yaml").first)
        let problems = VMNetBinding.problems(inLauncher: document, bindings: ["default/vmnet"], drivers: drivers).map(\.description)
        #expect(problems.contains { $0.contains(mistake.expected) }, "expected '\(mistake.expected)' among \(problems)")
    }
}
