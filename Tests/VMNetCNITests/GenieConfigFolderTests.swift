import Foundation
import Testing
import VMNetTestKit

/// Extends the golden genie example (`Tests/Fixtures/cni/genie`) with folders made by the tests.
@Suite("genie networks resolved against a CNI config folder")
struct GenieConfigFolderTests {
    static let vm = VMNet.fixture("spec/genie.yaml")

    @Test("flannel- and ovs-typed files resolve, a list by its first plugin's type, the first file of a type winning; other files and unreadable ones are skipped")
    func resolves() throws {
        try TestFolder.with { folder in
            try folder.write(#"{"cniVersion": "0.3.1", "name": "genie", "type": "genie"}"#, to: "net.d/00-genie.conf")
            try folder.write(
                #"{"cniVersion": "0.3.1", "name": "cbr0", "plugins": [{"type": "flannel"}, {"type": "portmap"}]}"#,
                to: "net.d/10-flannel.conflist")
            try folder.write(#"{"cniVersion": "0.3.1", "type": "ovs", "bridge": "br1", "vlan": 100}"#, to: "net.d/50-ovs.conf")
            try folder.write(#"{"cniVersion": "0.3.1", "type": "ovs", "bridge": "br2"}"#, to: "net.d/99-ovs-cni.conf")
            try folder.write(#"{"type": "calico""#, to: "net.d/05-broken.conf")
            try folder.write(#"{"type": "calico"}"#, to: "net.d/calico.json")
            let result = try VMNet.run(["plan", "--cni-conf-dir", "\(folder.path)/net.d", Self.vm])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains(
                "interface default: bridge binding on genie network default, pod interface eth0 (primary)\n    CNI config: 10-flannel.conflist\n"),
                "\(result.stdout)")
            #expect(result.stdout.contains("interface ovs-net: bridge binding on genie network ovs-net, pod interface eth1\n    CNI config: 50-ovs.conf\n"))
        }
    }

    @Test("a type no file has fails naming the folder and the types it saw, leaving out files that are not CNI configs")
    func missingType() throws {
        try TestFolder.with { folder in
            try folder.write(#"{"cniVersion": "0.3.1", "type": "ovs", "bridge": "br1"}"#, to: "net.d/99-ovs-cni.conf")
            try folder.write(#"{"type": "flannel""#, to: "net.d/10-flannel.conf")
            try folder.write(#"{"type": "flannel"}"#, to: "net.d/flannel.json")
            let result = try VMNet.run(["plan", "--cni-conf-dir", "\(folder.path)/net.d", Self.vm])
            #expect(result.status == 1)
            #expect(result.stderr.contains(
                "genie network default: no CNI config in \(folder.path)/net.d has type 'flannel'; types seen: ovs (99-ovs-cni.conf)"),
                "\(result.stderr)")
        }
    }

    @Test("an empty folder has seen no types, and a missing one is named with the flag that gives it")
    func emptyAndMissing() throws {
        try TestFolder.with { folder in
            let empty = try vmnetPlan(folder: folder.path)
            #expect(empty.stderr.contains("no CNI config in \(folder.path) has type 'flannel'; types seen: none"), "\(empty.stderr)")
            let missing = try vmnetPlan(folder: "\(folder.path)/absent")
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("the CNI config folder \(folder.path)/absent does not exist or cannot be read (give the node's with --cni-conf-dir)"), "\(missing.stderr)")
        }
    }

    private func vmnetPlan(folder: String) throws -> CommandResult {
        try VMNet.run(["plan", "--cni-conf-dir", folder, Self.vm])
    }
}
