import Foundation
import Testing
@testable import VMNetManifest

/// The manifests of deploy/kubernetes are ones Kubernetes accepts; every check can fail.
@Suite("deploy/kubernetes: what Kubernetes requires")
struct KubernetesShapeTests {
    @Test("every manifest parses and carries what Kubernetes requires", arguments: DeployFolder.manifestFiles)
    func manifestIsAccepted(file: String) throws {
        let documents = try DeployFolder.documents(in: file)
        #expect(!documents.isEmpty, "\(file) holds no document")
        for document in documents {
            let problems = KubernetesShape.problems(in: document)
            #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
        }
    }

    @Test("the folder holds the DaemonSet, the binding NAD and the example launcher pod")
    func inventory() throws {
        let kinds = try DeployFolder.allDocuments().compactMap { document -> String? in
            guard let kind = document["kind"]?.string, let name = document.at("metadata", "name")?.string else { return nil }
            return "\(kind) \(name)"
        }
        #expect(kinds.sorted() == ["DaemonSet vmnet-cni", "NetworkAttachmentDefinition vmnet", "Pod virt-launcher-masquerade-ports"])
    }

    @Test("kustomization.yaml lists only manifests of the folder")
    func kustomization() throws {
        let text = try String(contentsOfFile: "\(DeployFolder.path)/\(DeployFolder.kustomization)", encoding: .utf8)
        let document = try #require(try YAMLReader.documents(in: text, file: DeployFolder.kustomization).first)
        #expect(document["kind"]?.string == "Kustomization")
        let resources = (document["resources"]?.items ?? []).compactMap(\.string)
        #expect(!resources.isEmpty)
        for resource in resources {
            #expect(DeployFolder.manifestFiles.contains(resource), "\(resource) is not a manifest in deploy/kubernetes")
        }
    }

    static let minimalPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: default, labels: {app: p}, annotations: {note: "1"}}
        spec:
          containers:
            - {name: c, image: vmnet:latest, imagePullPolicy: IfNotPresent, volumeMounts: [{name: state, mountPath: /s}]}
          volumes:
            - {name: state, hostPath: {path: /var/lib/vmnet, type: Directory}}
        """

    static let minimalDaemonSet = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: d}
        spec:
          selector: {matchLabels: {app: d}}
          template:
            metadata: {labels: {app: d, tier: node}}
            spec:
              initContainers: [{name: install, image: vmnet:latest}]
              containers: [{name: sleep, image: vmnet:latest}]
        """

    static let minimalAttachment = """
        apiVersion: k8s.cni.cncf.io/v1
        kind: NetworkAttachmentDefinition
        metadata: {name: n}
        spec: {config: '{"cniVersion": "1.0.0", "name": "n", "type": "vmnet-cni"}'}
        """

    @Test("the minimal pod, DaemonSet and NAD the next test breaks pass", arguments: [minimalPod, minimalDaemonSet, minimalAttachment])
    func minimalManifestsPass(text: String) throws {
        let document = try #require(try YAMLReader.documents(in: text, file: "case.yaml").first)
        #expect(KubernetesShape.problems(in: document).map(\.description) == [])
    }

    static let mistakes: [Mistake] = [
        Mistake(minimalPod, replacing: "apiVersion: v1\n", with: "", expect: "apiVersion: missing"),
        Mistake(minimalPod, replacing: "kind: Pod", with: "kind: Pods", expect: "v1 Pods is not a kind"),
        Mistake(minimalDaemonSet, replacing: "apps/v1", with: "extensions/v1beta1", expect: "extensions/v1beta1 DaemonSet is not a kind"),
        Mistake(minimalPod, replacing: "name: p,", with: "name: VMNet_Pod,", expect: "metadata.name: 'VMNet_Pod' is not a DNS-1123 subdomain"),
        Mistake(minimalPod, replacing: "name: p, ", with: "", expect: "metadata.name: missing"),
        Mistake(minimalPod, replacing: "namespace: default", with: "namespace: kube.system", expect: "metadata.namespace: not a DNS-1123 label"),
        Mistake(minimalPod, replacing: "note: \"1\"", with: "note: 1", expect: "metadata.annotations.note: an annotation's value must be a string, not the number 1"),
        Mistake(minimalPod, replacing: "labels: {app: p}", with: "labels: {app: true}", expect: "metadata.labels.app: a label's value must be a string"),
        Mistake(minimalDaemonSet, replacing: "labels: {app: d, tier: node}", with: "labels: {tier: node}", expect: "spec.selector.matchLabels.app: the pod template's labels must carry app: d"),
        Mistake(minimalDaemonSet, replacing: "selector: {matchLabels: {app: d}}", with: "selector: {}", expect: "spec.selector.matchLabels: a DaemonSet needs a non-empty selector"),
        Mistake(minimalDaemonSet, replacing: "[{name: install, image: vmnet:latest}]", with: "[{name: install}]", expect: "spec.template.spec.initContainers[0].image: every container needs an image"),
        Mistake(minimalDaemonSet, replacing: "name: install", with: "name: sleep", expect: "spec.template.spec.containers[0].name: a second container named sleep"),
        Mistake(minimalPod, replacing: "{name: c, ", with: "{", expect: "spec.containers[0].name: missing"),
        Mistake(minimalPod, replacing: "IfNotPresent", with: "IfNotPresnt", expect: "spec.containers[0].imagePullPolicy: not one of"),
        Mistake(minimalPod, replacing: "[{name: state, mountPath", with: "[{name: vmnet-state, mountPath", expect: "spec.containers[0].volumeMounts[0].name: no volume named 'vmnet-state'"),
        Mistake(minimalPod, replacing: "mountPath: /s", with: "mountPath: s", expect: "volumeMounts[0].mountPath: a mount needs an absolute mountPath"),
        Mistake(minimalPod, replacing: "path: /var/lib/vmnet, ", with: "", expect: "spec.volumes[0].hostPath.path: a hostPath volume needs an absolute path"),
        Mistake(minimalPod, replacing: "type: Directory", with: "type: Dir", expect: "spec.volumes[0].hostPath.type: not a hostPath type"),
        Mistake(minimalPod, replacing: "containers:\n", with: "containers: []\n  x:\n", expect: "spec.containers: a pod needs at least one container"),
        Mistake(minimalAttachment, replacing: "\"vmnet-cni\"}", with: "\"vmnet-cni\",}", expect: "spec.config: not JSON that Multus reads: line 1, column 58: a trailing ','"),
        Mistake(minimalAttachment, replacing: "\"cniVersion\": \"1.0.0\", ", with: "", expect: "spec.config: the CNI config has no cniVersion"),
        Mistake(minimalAttachment, replacing: ", \"type\": \"vmnet-cni\"", with: "", expect: "spec.config: the CNI config names no plugin"),
        Mistake(minimalAttachment, replacing: #"'{"cniVersion": "1.0.0", "name": "n", "type": "vmnet-cni"}'"#, with: "'[1]'", expect: "spec.config: the CNI config must be a JSON object"),
    ]

    @Test("each check refuses its mistake, naming the field", arguments: mistakes)
    func brokenManifestIsRefused(mistake: Mistake) throws {
        let document = try #require(try YAMLReader.documents(in: mistake.text, file: "case.yaml").first)
        let problems = KubernetesShape.problems(in: document).map(\.description)
        #expect(problems.contains { $0.contains(mistake.expected) }, "expected '\(mistake.expected)' among \(problems)")
    }

    @Test("a problem is located where the field is written")
    func located() throws {
        let text = Self.minimalPod.replacingOccurrences(of: "mountPath: /s", with: "mountPath: s")
        let document = try #require(try YAMLReader.documents(in: text, file: "case.yaml").first)
        #expect(KubernetesShape.problems(in: document).map(\.description)
            == ["case.yaml:6:109: spec.containers[0].volumeMounts[0].mountPath: a mount needs an absolute mountPath"])
    }

    @Test("DNS-1123 names as Kubernetes checks them", arguments: [
        ("vmnet-cni", true, true), ("virt-launcher-masquerade-ports", true, true), ("a.b", false, true), ("-a", false, false),
        ("a-", false, false), ("A", false, false), ("", false, false), (String(repeating: "a", count: 64), false, false),
        (String(repeating: "a", count: 63), true, true), ("a..b", false, false),
    ])
    func dnsNames(name: String, label: Bool, subdomain: Bool) {
        #expect(DNSName.isLabel(name) == label)
        #expect(DNSName.isSubdomain(name) == subdomain)
    }
}
