import Foundation
import Testing
import VMNetConformance
import VMNetCore
import VMNetManifest
import VMNetPluginHost

@Suite("The corpus starts from the spec's examples")
struct SpecExampleTests {
    @Test("every example of Tests/Fixtures/spec is in the corpus, decoded to the same VM and attachments")
    func examplesMatchFixtures() throws {
        let drivers = PluginRegistry(searchPath: builtinCompanions).drivers
        let folder = packageRoot + "/Tests/Fixtures/spec"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        var machines: [VirtualMachine] = []
        var attachments: [NetworkAttachmentDefinition] = []
        var configs: [ClusterConfig] = []
        for file in files {
            let set = try ManifestDecoder(drivers: drivers).decode(contentsOf: "\(folder)/\(file)")
            machines += set.machines.map(\.vm)
            attachments += set.attachments
            configs += set.configs.map(\.config)
        }
        #expect(machines == SpecExample.all.map(\.vm))
        #expect(attachments.map(\.name).sorted() == SpecExample.attachments.map(\.name).sorted())
        for attachment in attachments {
            let embedded = try #require(SpecExample.attachments.first { $0.name == attachment.name })
            #expect(try json(attachment.config) == json(embedded.config), "\(attachment.name)")
        }
        #expect(configs == [SpecExample.noBridgeConfig])
    }

    @Test("the node's CNI config folder of the corpus is the fixtures' genie folder, less genie's own file")
    func cniFolderMatchesFixtures() throws {
        let folder = packageRoot + "/Tests/Fixtures/cni/genie"
        for (name, text) in SpecExample.nodeCNIConfigFiles {
            let fixture = try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
            #expect(try json(fixture) == json(text), "\(name)")
        }
    }

    private func json(_ text: String) throws -> NSDictionary {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }
}
