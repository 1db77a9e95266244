import Foundation
import Testing
import VMNetManifest

@Suite("A VM's networking as the VirtualMachineInstance document vmnet-cni reads")
struct NetworkingDocumentTests {
    @Test("copies the networking of a VirtualMachine's template as written: numbers and booleans bare, quoted scalars strings, the rest of the spec left out")
    func virtualMachine() throws {
        let text = """
            kind: VirtualMachine
            metadata: {name: ignored}
            spec:
              running: true
              template:
                spec:
                  domain:
                    cpu: {cores: 2}
                    memory: {guest: 1Gi}
                    devices:
                      disks: [{name: root}]
                      networkInterfaceMultiqueue: true
                      interfaces:
                        - {name: red, masquerade: {}, ports: [{port: 80}, {port: "81"}], macAddress: 02:00:00:00:00:01}
                  networks: [{name: red, pod: {}}]
            """
        let documents = try NetworkingDocument.documents(in: text, file: "vm.yaml")
        try #require(documents.count == 1)
        let json = documents[0].json(name: "vm1", namespace: "apps")
        #expect(json == #"{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"vm1","namespace":"apps"},"spec":{"domain":{"cpu":{"cores":2},"devices":{"interfaces":[{"name":"red","masquerade":{},"ports":[{"port":80},{"port":"81"}],"macAddress":"02:00:00:00:00:01"}],"networkInterfaceMultiqueue":true}},"networks":[{"name":"red","pod":{}}]}}"#)
        #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [String: Any])
    }

    @Test("finds every VM of a file, List items included, and skips other kinds")
    func everyVM() throws {
        let text = """
            kind: List
            items:
              - {kind: VM, spec: {networks: []}}
              - {kind: ConfigMap, metadata: {name: x}}
              - {kind: VirtualMachineInstance, spec: {networks: []}}
            """
        #expect(try NetworkingDocument.documents(in: text, file: "list.yaml").count == 2)
    }
}
