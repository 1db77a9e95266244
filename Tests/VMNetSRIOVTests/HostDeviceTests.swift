import Foundation
import Testing
import VMNetCore
import VMNetEngine
import VMNetLibvirt
import VMNetManifest
import VMNetPluginHost
import VMNetSRIOV

@Suite("The spec's sriov example gets its allocated VF as a <hostdev> that libvirt accepts")
struct HostDeviceTests {
    typealias X710 = FakeSysfs.X710

    /// The sriov binding, loaded from its .so beside the test binary as vmnet loads it.
    static let binding = PluginRegistry(searchPath: .besideExecutable).drivers.bindings["sriov"]!

    /// The spec's example and the attachment it names, annotated with the device plugin's resource.
    static func manifests() throws -> ManifestSet {
        let spec = URL(fileURLWithPath: #filePath).deletingLastPathComponent().resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/spec")
        // Only the binding's name and options matter to the decoder; the multus network is kept as written.
        let decoder = ManifestDecoder(drivers: DriverSet(bindings: [binding], backends: []))
        var set = try decoder.decode(contentsOf: spec.appendingPathComponent("sriov.yaml").path)
        set.append(
            try decoder.decode(
                """
                apiVersion: k8s.cni.cncf.io/v1
                kind: NetworkAttachmentDefinition
                metadata:
                  name: sriov-net-crd
                  annotations:
                    k8s.v1.cni.cncf.io/resourceName: intel.com/sriov
                spec:
                  config: '{"cniVersion": "0.3.1", "type": "sriov", "vlan": 0}'
                """, file: "sriov-net-crd.yaml"))
        return set
    }

    /// Plans the VM's only interface with the VF the device plugin gave the pod in `environment`.
    static func plan(_ vm: VirtualMachine, set: ManifestSet, environment: [String: String]) throws -> BindingPlan {
        let sysfs = try FakeSysfs.x710()
        defer { sysfs.remove() }
        let allocator = try VirtualFunctionAllocator(inventory: SRIOVInventory(sysfsRoot: sysfs.root))
        let drivers = PluginRegistry(searchPath: .besideExecutable).drivers
        let networks = try Planner(drivers: drivers).hostDeviceClaims(vm, config: set.config, attachments: set.attachments)
            .map { claim in
                try SRIOVNetwork(
                    claiming: claim.network, backend: claim.backend, attachmentName: claim.attachmentName,
                    attachment: claim.attachment)
            }
        let facts = PodFacts(
            interfaces: [], hostDevices: try allocator.allocate(networks, from: .devicePlugin(environment: environment))
        )
        let request = BindingPlanRequest(
            vm: vm, interfaceIndex: 0, config: set.config, podInterface: nil, isPrimary: false,
            hostDevice: facts.hostDevices[vm.interfaces![0].name])
        return try binding.plan(request)
    }

    @Test("the example's VF is an unmanaged PCI hostdev with the VF's address and alias ua-sriov-sriov-net")
    func example() throws {
        let set = try Self.manifests()
        #expect(set.diagnostics.isEmpty)
        let vm = try #require(set.machines.first?.vm)
        let plan = try Self.plan(vm, set: set, environment: ["PCIDEVICE_INTEL_COM_SRIOV": X710.virtualFunctions[1]])
        #expect(plan.steps.isEmpty)
        #expect(plan.podInterface == nil)
        guard case .hostDevice(let device) = plan.device else {
            Issue.record("not a host device: \(plan.device)")
            return
        }
        #expect(
            device.libvirtXML == """
                <hostdev mode='subsystem' type='pci' managed='no'>
                  <source>
                    <address domain='0x0000' bus='0x81' slot='0x02' function='0x1'/>
                  </source>
                  <alias name='ua-sriov-sriov-net'/>
                </hostdev>

                """)
        let readBack = try LibvirtConnection().check(
            DomainDefinition(name: "sriov-\(getpid())", devices: [plan.device]))
        #expect(readBack.contains(Self.indented(device.libvirtXML, by: 4)), "libvirt changed the hostdev:\n\(readBack)")
    }

    @Test("bootOrder and pciAddress become the hostdev's <boot order> and guest <address>, accepted by libvirt")
    func bootOrderAndGuestAddress() throws {
        let set = try Self.manifests()
        var vm = try #require(set.machines.first?.vm)
        vm.interfaces![0].bootOrder = 1
        vm.interfaces![0].pciAddress = "0000:00:0a.0"
        let plan = try Self.plan(vm, set: set, environment: ["PCIDEVICE_INTEL_COM_SRIOV": X710.virtualFunctions[0]])
        guard case .hostDevice(let device) = plan.device else {
            Issue.record("not a host device: \(plan.device)")
            return
        }
        #expect(device.sourceAddress == (try PCIAddress(parsing: X710.virtualFunctions[0])))
        #expect(device.libvirtXML.contains("<boot order='1'/>"))
        #expect(
            device.libvirtXML.contains("<address type='pci' domain='0x0000' bus='0x00' slot='0x0a' function='0x0'/>"))
        let readBack = try LibvirtConnection().check(
            DomainDefinition(name: "sriov-boot-\(getpid())", devices: [plan.device]))
        #expect(readBack.contains(Self.indented(device.libvirtXML, by: 4)), "libvirt changed the hostdev:\n\(readBack)")
    }

    @Test("the example cannot be planned when its VF is on iavf: the allocator refuses before the binding runs")
    func wrongDriver() throws {
        let set = try Self.manifests()
        let vm = try #require(set.machines.first?.vm)
        #expect(
            throws: SRIOVError.wrongDriver(
                try PCIAddress(parsing: X710.virtualFunctions[3]), network: "sriov-net", driver: "iavf")
        ) {
            try Self.plan(vm, set: set, environment: ["PCIDEVICE_INTEL_COM_SRIOV": X710.virtualFunctions[3]])
        }
    }

    /// `text` with every non-empty line indented by `count` spaces, as libvirt nests a device in `<devices>`.
    static func indented(_ text: String, by count: Int) -> String {
        let indent = String(repeating: " ", count: count)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : indent + $0 }.joined(separator: "\n")
    }
}
