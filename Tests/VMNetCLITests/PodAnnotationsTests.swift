import Foundation
import Testing

/// Every NetworkAttachmentDefinition the tests know: the spec's and the two its examples name without showing.
let attachmentFiles: [String] = try! ["spec", "attachments"].flatMap { folder in
    try FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent(folder).path)
        .filter { $0.hasPrefix("nad-") }.sorted().map { fixtures.appendingPathComponent("\(folder)/\($0)").path }
}

@Suite("vmnet pod-annotations")
struct PodAnnotationsTests {
    @Test("prints the golden annotations of every spec example", arguments: vmExamples.map(\.name))
    func golden(example: String) throws {
        let result = try run(["pod-annotations", fixtures.appendingPathComponent("spec/\(example).yaml").path] + attachmentFiles)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try String(contentsOf: fixtures.appendingPathComponent("golden/\(example).annotations.yaml"), encoding: .utf8)))
    }

    @Test("a multus element carries the interface's MAC and a namespaced networkName's namespace, in interface order")
    func macAndNamespace() throws {
        let vm = try temporaryFile("""
            kind: VM
            metadata: {name: two, namespace: apps}
            spec:
              domain:
                devices:
                  interfaces:
                  - {name: blue, bridge: {}, macAddress: "02:aa:bb:cc:dd:ee"}
                  - {name: red, bridge: {}}
              networks:
              - {name: red, multus: {networkName: red}}
              - {name: blue, multus: {networkName: net/blue}}
            ---
            kind: NetworkAttachmentDefinition
            metadata: {name: red, namespace: apps}
            spec: {config: '{"type": "bridge"}'}
            ---
            kind: NetworkAttachmentDefinition
            metadata: {name: blue, namespace: net}
            spec: {config: '{"type": "bridge"}'}
            """)
        let result = try run(["pod-annotations", "--output", "json", vm])
        #expect(result.status == 0, "\(result.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let annotations = try #require(entries.first?["annotations"] as? [String: String])
        #expect(annotations["k8s.v1.cni.cncf.io/networks"]
            == #"[{"name":"blue","namespace":"net","mac":"02:aa:bb:cc:dd:ee","interface":"net2"},{"name":"red","namespace":"apps","interface":"net1"}]"#)
    }

    @Test("a missing NetworkAttachmentDefinition is an error naming it")
    func missingAttachment() throws {
        let result = try run(["pod-annotations", fixtures.appendingPathComponent("spec/bridge-multus.yaml").path])
        #expect(result.status == 1)
        #expect(result.stderr == "vmnet: error: VM bridge-multus: failed to locate network attachment definition default/red for network red: give its NetworkAttachmentDefinition with the manifests\n")
    }
}
