import Foundation
import Testing
import VMNetLibvirt

/// The spec's VM examples (not its attachment definitions or ConfigMap), with the flags their golden files use.
let vmExamples: [(name: String, flags: [String])] = try! FileManager.default
    .contentsOfDirectory(atPath: fixtures.appendingPathComponent("spec").path)
    .filter { $0.hasSuffix(".yaml") && !$0.hasPrefix("nad-") && !$0.hasPrefix("kubevirt-config") }
    .sorted()
    .map { file in
        let name = String(file.dropLast(5))
        switch name {
        case "masquerade-ipv6": return (name, ["--ipv6"])
        case "genie": return (name, ["--cni-conf-dir", fixtures.appendingPathComponent("cni/genie").path])
        default: return (name, [])
        }
    }

func golden(_ file: String) throws -> String {
    try String(contentsOf: fixtures.appendingPathComponent("golden/\(file)"), encoding: .utf8)
}

@Suite("plan and domain of every spec example")
struct GoldenTests {
    @Test("vmnet plan prints the golden plan", arguments: vmExamples.map(\.name))
    func plan(example: String) throws {
        let flags = vmExamples.first { $0.name == example }!.flags
        let result = try run(["plan"] + flags + [fixtures.appendingPathComponent("spec/\(example).yaml").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try golden("\(example).plan.txt")))
    }

    @Test("vmnet domain prints the golden domain, which libvirt accepts", arguments: vmExamples.map(\.name))
    func domain(example: String) throws {
        let flags = vmExamples.first { $0.name == example }!.flags
        let result = try run(["domain"] + flags + [fixtures.appendingPathComponent("spec/\(example).yaml").path])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try golden("\(example).domain.xml")
        #expect(result.stdout == expected)
        _ = try LibvirtConnection().check(domainXML: expected)
    }

    @Test("--devices-only prints just the <devices> element")
    func devicesOnly() throws {
        let result = try run(["domain", "--devices-only", fixtures.appendingPathComponent("spec/multus-ovs.yaml").path])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("<devices>\n  <interface type='ethernet'>"))
        #expect(result.stdout.components(separatedBy: "<interface ").count == 3)
        #expect(!result.stdout.contains("<domain"))
    }

    @Test("plan --output json carries every step, the DHCP plan and the migration verdict")
    func planJSON() throws {
        let result = try run(["plan", "--output", "json", fixtures.appendingPathComponent("spec/multus-ovs.yaml").path])
        #expect(result.status == 0)
        let plans = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let interfaces = try #require(plans.first?["interfaces"] as? [[String: Any]])
        #expect(interfaces.map { $0["binding"] as? String } == ["masquerade", "bridge"])
        let masquerade = try #require(interfaces.first?["plan"] as? [String: Any])
        #expect((masquerade["steps"] as? [Any])?.count == 9)
        #expect((masquerade["dhcp"] as? [String: Any])?["bootFileName"] as? String == "default_image.bin")
    }

    @Test("bridge on the pod network is named as what prevents live migration")
    func migration() throws {
        let result = try run(["plan", fixtures.appendingPathComponent("spec/multiqueue.yaml").path])
        #expect(result.stdout.contains("live migration: not possible\n    - interface default: the bridge binding cannot be live-migrated on a pod network"))
    }

    @Test("--naming hashed names secondary pod interfaces after SHA-256 of the network name; --pod gives the facts")
    func hashedNaming() throws {
        let pod = try temporaryFile("""
            {"interfaces": [{"name": "podb1f51a511f1", "macAddress": "0a:58:0a:01:01:07", "mtu": 1400,
                             "addresses": ["10.1.1.7/24"], "routes": [{"destination": "10.1.1.0/24"}]}]}
            """, name: "pod.json")
        let result = try run(["plan", "--naming", "hashed", "--pod", pod, fixtures.appendingPathComponent("spec/bridge-multus.yaml").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("bridge binding on multus network red, pod interface podb1f51a511f1"))
        #expect(result.stdout.contains("1. create bridge k6t-b1f51a511f1 (mtu 1400)"))
        #expect(result.stdout.contains("create tap tapb1f51a511f1 (mtu 1400"))
        #expect(result.stdout.contains("lease 10.1.1.7/24, to 0a:58:0a:01:01:07 only"))
    }

    @Test("a genie network whose type no CNI config has fails naming the folder and the types it saw")
    func genieMissingType() throws {
        let folder = fixtures.appendingPathComponent("cni/genie").path
        let vm = try temporaryFile("kind: VM\nspec:\n  domain: {devices: {interfaces: [{name: a, bridge: {}}]}}\n  networks: [{name: a, genie: {networkName: calico}}]\n")
        let result = try run(["plan", "--cni-conf-dir", folder, vm])
        #expect(result.status == 1)
        #expect(result.stderr.contains("genie network a: no CNI config in \(folder) has type 'calico'; types seen: genie (00-genie.conf), flannel (10-flannel.conflist), ovs (99-ovs-cni.conf)"))
    }

    @Test("a missing pod interface is a plan error naming it")
    func missingPodInterface() throws {
        let pod = try temporaryFile(#"{"interfaces": []}"#, name: "pod.json")
        let result = try run(["plan", "--pod", pod, fixtures.appendingPathComponent("spec/bridge-multus.yaml").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot plan VM bridge-multus: pod link for interface red is missing"))
    }
}
