import Foundation
import Testing
import VMNetLibvirt

/// A VM with every interface field KubeVirt admits that vmnet once refused, and the cluster's binding registry.
private let parityVM = """
    kind: VM
    metadata: {name: parity}
    spec:
      domain:
        devices:
          interfaces:
          - name: default
            masquerade: {}
            model: igb
            state: down
            acpiIndex: 4
            tag: frontend
            dhcpOptions:
              ntpServers: [192.0.2.123, '::ffff:198.51.100.7']
              privateOptions: [{option: 240, value: extra.options.kubevirt.io}]
          - name: gone
            bridge: {}
            state: absent
          - name: blue
            binding: {name: bridge}
      networks:
      - {name: default, pod: {}}
      - {name: gone, multus: {networkName: gone}}
      - {name: blue, multus: {networkName: blue}}
    ---
    kind: ConfigMap
    metadata: {name: kubevirt-config}
    data:
      network.binding: |
        bridge: {networkAttachmentDefinition: kube-system/bridge-binding, domainAttachmentType: tap}
    ---
    kind: NetworkAttachmentDefinition
    metadata: {name: blue}
    spec: {config: '{"type": "bridge"}'}
    ---
    kind: NetworkAttachmentDefinition
    metadata: {name: gone}
    spec: {config: '{"type": "bridge"}'}
    """

@Suite("KubeVirt's interface fields plan, render and annotate as KubeVirt's do")
struct KubeVirtParityTests {
    @Test("state down is libvirt's <link state='down'/>, igb and acpiIndex reach the NIC, an absent interface has no device; libvirt accepts the domain")
    func domain() throws {
        let result = try run(["domain", try temporaryFile(parityVM)])
        #expect(result.status == 0, "\(result.stderr)")
        let xml = result.stdout
        let nics = xml.components(separatedBy: "<interface type='ethernet'>").dropFirst()
        #expect(nics.count == 2)
        let first = try #require(nics.first)
        #expect(first.contains("<model type='igb'/>"))
        #expect(first.contains("<link state='down'/>"))
        #expect(first.contains("<acpi index='4'/>"))
        #expect(nics.last?.contains("<alias name='ua-blue'/>") == true)
        #expect(nics.last?.contains("<link") == false)
        #expect(!xml.contains("ua-gone"))
        let readBack = try LibvirtConnection().check(domainXML: xml)
        #expect(readBack.contains("<link state='down'/>"))
        #expect(readBack.contains("<model type='igb'/>"))
    }

    @Test("the DHCP plan carries the NTP servers as IPv4 and the private options; an absent interface plans nothing")
    func plan() throws {
        let result = try run(["plan", "--output", "json", try temporaryFile(parityVM)])
        #expect(result.status == 0, "\(result.stderr)")
        let plans = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let interfaces = try #require(plans.first?["interfaces"] as? [[String: Any]])
        #expect(interfaces.map { $0["network"] as? String } == ["default", "blue"])
        let dhcp = try #require((interfaces.first?["plan"] as? [String: Any])?["dhcp"] as? [String: Any])
        #expect(dhcp["ntpServers"] as? [String] == ["192.0.2.123", "198.51.100.7"])
        let privateOptions = try #require(dhcp["privateOptions"] as? [[String: Any]])
        #expect(privateOptions.first?["option"] as? Int == 240)
        #expect(privateOptions.first?["value"] as? String == "extra.options.kubevirt.io")
        let text = try run(["plan", try temporaryFile(parityVM)]).stdout
        #expect(text.contains("ntp 192.0.2.123 198.51.100.7, option 240 \"extra.options.kubevirt.io\""))
        #expect(!text.contains("gone"))
    }

    @Test("a registered plugin's networkAttachmentDefinition is one more Multus element with logicNetworkName; absent networks get none")
    func podAnnotations() throws {
        let result = try run(["pod-annotations", "--output", "json", try temporaryFile(parityVM)])
        #expect(result.status == 0, "\(result.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let annotations = try #require(entries.first?["annotations"] as? [String: String])
        #expect(annotations["k8s.v1.cni.cncf.io/networks"]
            == #"[{"name":"blue","namespace":"default","interface":"net1"},{"name":"bridge-binding","namespace":"kube-system","cni-args":{"logicNetworkName":"blue"}}]"#)
    }

    @Test("a registered plugin on the pod network blocks migration unless its registration has migration")
    func migration() throws {
        let vm = { (registration: String) in
            """
            kind: VM
            metadata: {name: plugged}
            spec:
              domain: {devices: {interfaces: [{name: default, binding: {name: bridge}}]}}
              networks: [{name: default, pod: {}}]
            ---
            kind: ConfigMap
            metadata: {name: kubevirt-config}
            data:
              network.binding: '{bridge: \(registration)}'
            """
        }
        let blocked = try run(["plan", try temporaryFile(vm("{domainAttachmentType: tap}"))])
        #expect(blocked.status == 0, "\(blocked.stderr)")
        #expect(blocked.stdout.contains(
            "cannot migrate VMI which does not use masquerade or a migratable plugin to connect to the pod network"))
        let migratable = try run(["plan", try temporaryFile(vm("{migration: {method: link-refresh}}"))])
        #expect(migratable.stdout.contains("live migration: possible"), "\(migratable.stdout)")
    }

    @Test("a registration promising a tap NIC for a plugin that plans a passed-through VF is a plan error")
    func attachmentMismatch() throws {
        let vm = try temporaryFile("""
            kind: VM
            metadata: {name: vf}
            spec:
              domain: {devices: {interfaces: [{name: red, binding: {name: sriov}}]}}
              networks: [{name: red, multus: {networkName: red}}]
            ---
            kind: ConfigMap
            metadata: {name: kubevirt-config}
            data:
              network.binding: '{sriov: {domainAttachmentType: tap}}'
            """)
        let result = try run(["plan", vm])
        #expect(result.status == 1)
        #expect(result.stderr.contains("interface red: the network.binding entry of 'sriov' has domainAttachmentType tap, but its plugin plans no tap NIC"), "\(result.stderr)")
    }

    @Test("binding: {name} of a plugin the registry lacks is KubeVirt's error, at the field")
    func unregistered() throws {
        let vm = try temporaryFile("""
            kind: VM
            spec:
              domain: {devices: {interfaces: [{name: default, binding: {name: masquerade}}]}}
              networks: [{name: default, pod: {}}]
            ---
            kind: ConfigMap
            metadata: {name: kubevirt-config}
            data:
              network.binding: '{bridge: {}}'
            """)
        let result = try run(["validate", vm])
        #expect(result.status == 1)
        #expect(result.stdout.contains(":3:67: error: spec.domain.devices.interfaces[0].binding.name: unable to find the network binding plugin 'masquerade' in Kubevirt configuration"), "\(result.stdout)")
    }
}
