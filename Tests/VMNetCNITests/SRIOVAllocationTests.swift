import Foundation
import Testing

@Suite("SR-IOV virtual functions given through --sysfs-root, PCIDEVICE_* and --network-status")
struct SRIOVAllocationTests {
    static let manifests = [VMNet.fixture("spec/sriov.yaml"), VMNet.fixture("attachments/nad-sriov-net-crd.yaml")]
    /// The device plugin's variable for the attachment's resource `intel.com/intel_sriov_vfio`.
    static let variable = "PCIDEVICE_INTEL_COM_INTEL_SRIOV_VFIO"

    /// The `<hostdev>` source address of a VF `0000:81:02.<function>`.
    static func hostDevice(function: Int) -> String {
        "<address domain='0x0000' bus='0x81' slot='0x02' function='0x\(function)'/>"
    }

    @Test("the device plugin's variable gives the network its VF, checked against the sysfs tree")
    func devicePlugin() throws {
        try FakeSysfs.withX710 { sysfs in
            let result = try VMNet.run(
                ["domain", "--devices-only", "--sysfs-root", sysfs.root] + Self.manifests,
                environment: [Self.variable: "0000:81:02.1"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains(Self.hostDevice(function: 1)), "\(result.stdout)")
        }
    }

    @Test("the network-status annotation's device-info takes precedence over the device plugin's variable")
    func networkStatus() throws {
        try FakeSysfs.withX710 { sysfs in
            try TestFolder.with { folder in
                let status = try folder.write("""
                    [{"name": "kindnet", "interface": "eth0", "ips": ["10.244.0.5"], "default": true},
                     {"name": "default/sriov-net-crd", "interface": "net1", "dns": {},
                      "device-info": {"type": "pci", "version": "1.0.0", "pci": {"pci-address": "0000:81:02.2"}}}]
                    """, to: "status.json")
                let result = try VMNet.run(
                    ["plan", "--sysfs-root", sysfs.root, "--network-status", status] + Self.manifests,
                    environment: [Self.variable: "0000:81:02.1"])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdout.contains(Self.hostDevice(function: 2)), "\(result.stdout)")
            }
        }
    }

    @Test("two networks of one resource take the variable's addresses in network order")
    func twoNetworks() throws {
        try TestFolder.with { folder in
            let vm = try folder.write("""
                kind: VM
                metadata: {name: two}
                spec:
                  domain:
                    devices:
                      interfaces:
                      - {name: b, sriov: {}}
                      - {name: a, sriov: {}}
                  networks:
                  - {name: a, multus: {networkName: sriov-net-crd}}
                  - {name: b, multus: {networkName: sriov-net-crd}}
                """, to: "two.yaml")
            try FakeSysfs.withX710 { sysfs in
                let result = try VMNet.run(
                    ["domain", "--devices-only", "--sysfs-root", sysfs.root, vm, Self.manifests[1]],
                    environment: [Self.variable: "0000:81:02.0,0000:81:02.2"])
                #expect(result.status == 0, "\(result.stderr)")
                let b = try #require(result.stdout.range(of: Self.hostDevice(function: 2)))
                let a = try #require(result.stdout.range(of: Self.hostDevice(function: 0)))
                #expect(b.lowerBound < a.lowerBound, "interface b comes first in the domain, with network b's VF")
            }
        }
    }

    @Test("a VF bound to another driver than vfio-pci, or not a VF of this host, fails the plan saying what to do")
    func refused() throws {
        try FakeSysfs.withX710 { sysfs in
            let host = try VMNet.run(
                ["plan", "--sysfs-root", sysfs.root] + Self.manifests, environment: [Self.variable: "0000:81:02.3"])
            #expect(host.status == 1)
            #expect(host.stderr.contains("cannot plan VM sriov: virtual function 0000:81:02.3 for network sriov-net is bound to iavf, not vfio-pci: bind it with driverctl set-override 0000:81:02.3 vfio-pci"), "\(host.stderr)")
            let foreign = try VMNet.run(
                ["plan", "--sysfs-root", sysfs.root] + Self.manifests, environment: [Self.variable: "0000:03:00.0"])
            #expect(foreign.status == 1)
            #expect(foreign.stderr.contains("0000:03:00.0 (from \(Self.variable)) for network sriov-net is not a virtual function"), "\(foreign.stderr)")
        }
    }

    @Test("without an allocation source the illustrative pod keeps its documented VF")
    func illustrative() throws {
        let result = try VMNet.run(["domain", "--devices-only"] + Self.manifests)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("<address domain='0x0000' bus='0x81' slot='0x10' function='0x0'/>"), "\(result.stdout)")
    }

    @Test("vmnet up takes the VF from the device plugin's variable, and without it names the variable (needs root)",
          .enabled(if: isRoot, "needs root: it makes a network namespace"))
    func up() throws {
        try FakeSysfs.withX710 { sysfs in
            try TestFolder.with { folder in
                try TestNamespace.with(["pod"]) { namespaces in
                    let target = ["--netns", namespaces[0].name, "--state-dir", "\(folder.path)/state", "--sysfs-root", sysfs.root]
                    let missing = try VMNet.run(["up"] + target + Self.manifests)
                    #expect(missing.status == 1)
                    #expect(missing.stderr.contains("network sriov-net (NetworkAttachmentDefinition default/sriov-net-crd, resource intel.com/intel_sriov_vfio) has no virtual function: \(Self.variable) is not set"), "\(missing.stderr)")

                    let up = try VMNet.run(["up"] + target + Self.manifests, environment: [Self.variable: "0000:81:02.1"])
                    #expect(up.status == 0, "\(up.stderr)")
                    let journal = try String(contentsOfFile: "\(folder.path)/state/\(namespaces[0].name)/default_sriov.json", encoding: .utf8)
                    #expect(journal.contains("0000:81:02.1"), "\(journal)")
                    let again = try VMNet.run(["up"] + target + Self.manifests, environment: [Self.variable: "0000:81:02.2"])
                    #expect(again.status == 1, "another VF is another plan")
                    #expect(try VMNet.run(["down", "--netns", namespaces[0].name, "--state-dir", "\(folder.path)/state"]).status == 0)
                }
            }
        }
    }
}
