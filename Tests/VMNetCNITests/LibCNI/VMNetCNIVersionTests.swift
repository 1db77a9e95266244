import Foundation
import Testing
import VMNetTestKit

@Suite("vmnet-cni's CNI versions and its answers to a runtime's mistakes (no root needed)")
struct VMNetCNIVersionTests {
    private func answer(_ result: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
    }

    @Test("VERSION lists 0.4.0, 1.0.0 and 1.1.0, in the version asked for")
    func version() throws {
        let result = try VMNetCNIPlugin.run("VERSION", config: #"{"cniVersion": "1.0.0"}"#)
        #expect(result.status == 0)
        let version = try answer(result)
        #expect(version["supportedVersions"] as? [String] == ["0.4.0", "1.0.0", "1.1.0"])
        #expect(version["cniVersion"] as? String == "1.0.0")
    }

    @Test("a configuration in another version is code 1, naming both lists")
    func incompatible() throws {
        let result = try VMNetCNIPlugin.run(
            "ADD", config: #"{"cniVersion": "0.3.1", "name": "vmnet", "type": "vmnet-cni"}"#,
            environment: ["CNI_CONTAINERID": "c1", "CNI_NETNS": "/var/run/netns/none", "CNI_IFNAME": "net1"])
        #expect(result.status == 1)
        let error = try answer(result)
        #expect(error["code"] as? Int == 1)
        #expect(error["msg"] as? String == #"incompatible CNI versions: the config has ["0.3.1"], vmnet-cni supports ["0.4.0", "1.0.0", "1.1.0"]"#)
    }

    @Test("a missing or malformed CNI_* variable is code 4 naming it; a configuration that is not JSON is code 6")
    func environmentAndDecoding() throws {
        let config = #"{"cniVersion": "1.0.0", "name": "vmnet", "type": "vmnet-cni"}"#
        let noNetns = try answer(try VMNetCNIPlugin.run("ADD", config: config, environment: ["CNI_CONTAINERID": "c1", "CNI_IFNAME": "net1"]))
        #expect(noNetns["code"] as? Int == 4 && (noNetns["msg"] as? String ?? "").contains("CNI_NETNS"), "\(noNetns)")
        let badName = try answer(try VMNetCNIPlugin.run(
            "DEL", config: config, environment: ["CNI_CONTAINERID": "c1", "CNI_IFNAME": "a/b"]))
        #expect(badName["code"] as? Int == 4 && (badName["msg"] as? String ?? "").contains("CNI_IFNAME 'a/b'"), "\(badName)")
        let badID = try answer(try VMNetCNIPlugin.run(
            "DEL", config: config, environment: ["CNI_CONTAINERID": "-c1", "CNI_IFNAME": "net1"]))
        #expect(badID["code"] as? Int == 4, "\(badID)")
        let notJSON = try answer(try VMNetCNIPlugin.run(
            "DEL", config: "{", environment: ["CNI_CONTAINERID": "c1", "CNI_IFNAME": "net1"]))
        #expect(notJSON["code"] as? Int == 6, "\(notJSON)")
    }
}
