import Foundation
import Testing

@Suite("pod interfaces named by the network-status annotation (--network-status)")
struct NetworkStatusNamingTests {
    /// Two secondary networks on one attachment and one on another, in namespace `apps`.
    static let vm = """
        kind: VM
        metadata: {name: named, namespace: apps}
        spec:
          domain:
            devices:
              interfaces:
              - {name: red, bridge: {}}
              - {name: blue, bridge: {}}
              - {name: green, bridge: {}}
          networks:
          - {name: red, multus: {networkName: red}}
          - {name: blue, multus: {networkName: net/blue}}
          - {name: green, multus: {networkName: red}}
        ---
        kind: NetworkAttachmentDefinition
        metadata: {name: red, namespace: apps}
        spec: {config: '{"cniVersion": "0.3.1", "type": "bridge", "bridge": "br-red"}'}
        ---
        kind: NetworkAttachmentDefinition
        metadata: {name: blue, namespace: net}
        spec: {config: '{"cniVersion": "0.3.1", "type": "bridge", "bridge": "br-blue"}'}
        """

    /// A pod with the interfaces the status below names, and `net2` (what ordinal naming would pick for blue).
    static let pod = """
        {"interfaces": [
          {"name": "eth0", "macAddress": "0a:58:0a:f4:00:05", "mtu": 1500, "addresses": ["10.244.0.5/24"], "routes": []},
          {"name": "net2", "macAddress": "0a:58:0a:01:01:02", "mtu": 1500, "addresses": [], "routes": []},
          {"name": "net5", "macAddress": "0a:58:0a:01:01:05", "mtu": 1500, "addresses": ["10.1.1.5/24"], "routes": []},
          {"name": "net6", "macAddress": "0a:58:0a:01:01:06", "mtu": 1500, "addresses": ["10.1.1.6/24"], "routes": []},
          {"name": "podblue", "macAddress": "0a:58:0a:02:02:02", "mtu": 1400, "addresses": ["10.2.2.2/24"], "routes": []}
        ]}
        """

    /// What Multus wrote: the cluster network as default, red's two attachments, blue's, and extra fields.
    static let status = """
        [{"name": "kindnet", "interface": "eth0", "ips": ["10.244.0.5"], "mac": "0a:58:0a:f4:00:05", "default": true, "dns": {}},
         {"name": "apps/red", "interface": "net5", "ips": ["10.1.1.5"], "mac": "0a:58:0a:01:01:05", "dns": {}, "mtu": 1500},
         {"name": "net/blue", "interface": "podblue", "ips": ["10.2.2.2"], "mac": "0a:58:0a:02:02:02", "dns": {}},
         {"name": "apps/red", "interface": "net6", "ips": ["10.1.1.6"], "mac": "0a:58:0a:01:01:06", "dns": {}}]
        """

    @Test("each network takes the interface of its attachment's entry (namespace/name, or the VM's namespace), in order for a shared attachment")
    func secondaries() throws {
        try TestFolder.with { folder in
            let files = try [folder.write(Self.vm, to: "vm.yaml"), "--pod", folder.write(Self.pod, to: "pod.json"),
                             "--network-status", folder.write(Self.status, to: "status.json")]
            let result = try VMNet.run(["plan"] + files)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("interface red: bridge binding on multus network red, pod interface net5\n"), "\(result.stdout)")
            #expect(result.stdout.contains("interface blue: bridge binding on multus network blue, pod interface podblue\n"))
            #expect(result.stdout.contains("interface green: bridge binding on multus network green, pod interface net6\n"))
            #expect(result.stdout.contains("create bridge k6t-blue (mtu 1400)"))
            #expect(result.stdout.contains("lease 10.1.1.6/24, to 0a:58:0a:01:01:06 only"))

            let domain = try VMNet.run(["domain", "--devices-only"] + files)
            #expect(domain.status == 0, "\(domain.stderr)")
            #expect(domain.stdout.contains("<target dev='tap5' managed='no'/>"), "\(domain.stdout)")
            #expect(domain.stdout.contains("<target dev='tapblue' managed='no'/>"))
        }
    }

    @Test("without the annotation, or for a network it does not list, the naming scheme names the interface")
    func fallsBackToTheScheme() throws {
        try TestFolder.with { folder in
            let vm = try folder.write(Self.vm, to: "vm.yaml")
            let pod = try folder.write(Self.pod, to: "pod.json")
            let onlyRed = try folder.write(#"[{"name": "apps/red", "interface": "net5"}]"#, to: "status.json")
            let result = try VMNet.run(["plan", vm, "--pod", pod, "--network-status", onlyRed])
            #expect(result.status == 1)
            #expect(result.stderr.contains("pod link for interface green is missing"), "green is net3 by the scheme: \(result.stderr)")
            let redOnNet4 = try folder.write(#"[{"name": "apps/red", "interface": "net4"}]"#, to: "status-net4.json")
            let illustrative = try VMNet.run(["plan", vm, "--network-status", redOnNet4])
            #expect(illustrative.status == 0, "\(illustrative.stderr)")
            #expect(illustrative.stdout.contains("interface red: bridge binding on multus network red, pod interface net4\n"))
            #expect(illustrative.stdout.contains("interface blue: bridge binding on multus network blue, pod interface net2\n"))
            #expect(illustrative.stdout.contains("interface green: bridge binding on multus network green, pod interface net3\n"))
        }
    }

    @Test("the default: true entry names a multus default network's pod interface, which is still the primary one")
    func primary() throws {
        try TestFolder.with { folder in
            let status = try folder.write(
                #"[{"name": "default/macvlan-test", "interface": "net1", "ips": ["10.250.250.2"], "default": true}]"#, to: "status.json")
            let result = try VMNet.run(["plan", VMNet.fixture("spec/multus-default.yaml"), "--network-status", status])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("interface test1: bridge binding on multus network test1, pod interface net1 (primary)\n"), "\(result.stdout)")
            #expect(result.stdout.contains("1. create bridge k6t-net1"))
            #expect(result.stdout.contains("create tap tap0 "))
        }
    }

    @Test("a primary pod interface without an IP address is a plan error naming the network and the interface")
    func primaryWithoutAddress() throws {
        try TestFolder.with { folder in
            let pod = try folder.write(
                #"{"interfaces": [{"name": "eth0", "macAddress": "0a:58:0a:f4:00:05", "mtu": 1500, "addresses": [], "routes": []}]}"#,
                to: "pod.json")
            let result = try VMNet.run(["plan", VMNet.fixture("spec/multus-default.yaml"), "--pod", pod])
            #expect(result.status == 1)
            #expect(result.stderr == "vmnet: error: cannot plan VM multus-default: multus network test1: pod interface eth0 has no IP address, but the CNI delegate of a default network must return at least one: give its CNI config an IPAM section\n")
        }
    }

    @Test("an annotation that is not Multus's JSON is an input error saying where")
    func malformed() throws {
        try TestFolder.with { folder in
            let status = try folder.write(#"[{"name": "apps/red", "interface": 5}]"#, to: "status.json")
            let result = try VMNet.run(["plan", VMNet.fixture("spec/bridge-multus.yaml"), "--network-status", status])
            #expect(result.status == 2)
            #expect(result.stderr.contains("\(status): the network-status annotation is not a JSON array of {name, interface, ips, mac, default, device-info}: [0].interface:"), "\(result.stderr)")
            let missing = try VMNet.run(["plan", VMNet.fixture("spec/bridge-multus.yaml"), "--network-status", "\(folder.path)/absent.json"])
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("cannot read the network-status file \(folder.path)/absent.json"), "\(missing.stderr)")
        }
    }
}
