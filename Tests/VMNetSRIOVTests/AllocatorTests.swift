import Testing
import VMNetCore
import VMNetEngine
import VMNetPluginHost
import VMNetSRIOV

@Suite("VirtualFunctionAllocator gives each SR-IOV network its pod's VF, checked against the host")
struct AllocatorTests {
    typealias X710 = FakeSysfs.X710

    static let resource = "intel.com/sriov"
    static let variable = "PCIDEVICE_INTEL_COM_SRIOV"
    static let attachment = NetworkAttachmentDefinition(
        name: "sriov-net-crd", config: #"{"cniVersion": "0.3.1", "type": "sriov"}"#, resourceName: resource)
    static let networks = [
        SRIOVNetwork(name: "sriov-a", attachment: attachment), SRIOVNetwork(name: "sriov-b", attachment: attachment),
    ]

    /// The allocator over the X710 tree, which is deleted before the test body runs: allocation reads no sysfs.
    static func allocator() throws -> VirtualFunctionAllocator {
        let sysfs = try FakeSysfs.x710()
        defer { sysfs.remove() }
        return try VirtualFunctionAllocator(inventory: SRIOVInventory(sysfsRoot: sysfs.root))
    }

    static func address(_ text: String) throws -> PCIAddress { try PCIAddress(parsing: text) }

    @Test("names the device plugin's variable after the resource: upper-case, non-alphanumerics as _")
    func variableName() {
        #expect(SRIOVNetwork.environmentVariable(resource: "intel.com/sriov") == "PCIDEVICE_INTEL_COM_SRIOV")
        #expect(
            SRIOVNetwork.environmentVariable(resource: "openshift.io/mlx5-vf.pool_1")
                == "PCIDEVICE_OPENSHIFT_IO_MLX5_VF_POOL_1")
        #expect(Self.networks[0].environmentVariable == Self.variable)
    }

    @Test("takes the resource's addresses in network order, each VF once")
    func selection() throws {
        let environment = [
            Self.variable: "\(X710.virtualFunctions[2]), \(X710.virtualFunctions[0]),\(X710.virtualFunctions[1])"
        ]
        let allocation = try Self.allocator().allocate(Self.networks, from: .devicePlugin(environment: environment))
        #expect(
            allocation == [
                "sriov-a": try Self.address(X710.virtualFunctions[2]),
                "sriov-b": try Self.address(X710.virtualFunctions[0]),
            ])
    }

    @Test("a network with no address left in the variable is told the resource is exhausted")
    func exhaustion() throws {
        let environment = [Self.variable: X710.virtualFunctions[0]]
        #expect(
            throws: SRIOVError.exhausted(
                variable: Self.variable, network: "sriov-b", resource: Self.resource,
                addresses: [X710.virtualFunctions[0]])
        ) {
            try Self.allocator().allocate(Self.networks, from: .devicePlugin(environment: environment))
        }
    }

    @Test("a VF bound to another driver is refused with the driver's name and the driverctl fix")
    func wrongDriver() throws {
        let environment = [Self.variable: X710.virtualFunctions[3]]
        let error = #expect(throws: SRIOVError.self) {
            try Self.allocator().allocate([Self.networks[0]], from: .devicePlugin(environment: environment))
        }
        #expect(error == .wrongDriver(try Self.address(X710.virtualFunctions[3]), network: "sriov-a", driver: "iavf"))
        #expect(
            error?.description == "virtual function 0000:81:02.3 for network sriov-a is bound to iavf, not vfio-pci: "
                + "bind it with driverctl set-override 0000:81:02.3 vfio-pci")
    }

    @Test("a missing variable names itself, the network, the attachment and the resource")
    func missingEnvironment() throws {
        let error = #expect(throws: SRIOVError.self) {
            try Self.allocator().allocate(Self.networks, from: .devicePlugin(environment: ["PATH": "/usr/bin"]))
        }
        #expect(
            error
                == .missingEnvironment(
                    variable: Self.variable, network: "sriov-a", attachment: "default/sriov-net-crd",
                    resource: Self.resource))
        for part in [Self.variable, "sriov-a", "default/sriov-net-crd", Self.resource] {
            #expect(error?.description.contains(part) == true)
        }
    }

    @Test("an address that is a PF, or no device at all, is not a virtual function")
    func notAVirtualFunction() throws {
        for address in [X710.physicalFunction, "0000:03:00.0"] {
            #expect(
                throws: SRIOVError.notAVirtualFunction(
                    try Self.address(address), network: "sriov-a", origin: Self.variable)
            ) {
                try Self.allocator().allocate(
                    [Self.networks[0]], from: .devicePlugin(environment: [Self.variable: address]))
            }
        }
    }

    @Test("a malformed address names the variable it came from")
    func malformedAddress() throws {
        #expect(throws: SRIOVError.malformedAddress("81:02.0", origin: Self.variable)) {
            try Self.allocator().allocate(
                [Self.networks[0]], from: .devicePlugin(environment: [Self.variable: "81:02.0"]))
        }
    }

    @Test("the same VF listed for two resources is refused for the second network")
    func allocatedTwice() throws {
        let other = NetworkAttachmentDefinition(name: "other", config: "{}", resourceName: "intel.com/other")
        let networks = [Self.networks[0], SRIOVNetwork(name: "sriov-c", attachment: other)]
        let environment = [
            Self.variable: X710.virtualFunctions[0], "PCIDEVICE_INTEL_COM_OTHER": X710.virtualFunctions[0],
        ]
        #expect(
            throws: SRIOVError.allocatedTwice(
                try Self.address(X710.virtualFunctions[0]), firstNetwork: "sriov-a", secondNetwork: "sriov-c")
        ) {
            try Self.allocator().allocate(networks, from: .devicePlugin(environment: environment))
        }
    }

    @Test("an attachment without a resourceName cannot be read from the device plugin")
    func noResourceName() throws {
        let bare = SRIOVNetwork(name: "sriov-a", attachment: NetworkAttachmentDefinition(name: "bare", config: "{}"))
        #expect(throws: SRIOVError.noResourceName(network: "sriov-a", attachment: "default/bare")) {
            try Self.allocator().allocate(
                [bare], from: .devicePlugin(environment: [Self.variable: X710.virtualFunctions[0]]))
        }
    }

    @Test("reads the VFs from the network-status annotation's device-info, each entry once")
    func networkStatus() throws {
        let annotation = """
            [{"name": "kindnet", "interface": "eth0", "ips": ["10.244.0.7"], "default": true},
             {"name": "default/sriov-net-crd", "interface": "net1",
              "device-info": {"type": "pci", "version": "1.1.0", "pci": {"pci-address": "\(X710.virtualFunctions[1])"}}},
             {"name": "default/sriov-net-crd", "interface": "net2",
              "device-info": {"type": "pci", "pci": {"pci-address": "\(X710.virtualFunctions[0])"}}}]
            """
        let allocation = try Self.allocator().allocate(Self.networks, from: .networkStatus(annotation))
        #expect(
            allocation == [
                "sriov-a": try Self.address(X710.virtualFunctions[1]),
                "sriov-b": try Self.address(X710.virtualFunctions[0]),
            ])
    }

    @Test("a network-status annotation without the attachment's entry, or not JSON, is refused")
    func networkStatusErrors() throws {
        let onlyPod = #"[{"name": "kindnet", "interface": "eth0", "default": true}]"#
        #expect(throws: SRIOVError.notInNetworkStatus(network: "sriov-a", attachment: "default/sriov-net-crd")) {
            try Self.allocator().allocate(Self.networks, from: .networkStatus(onlyPod))
        }
        let error = #expect(throws: SRIOVError.self) {
            try Self.allocator().allocate(Self.networks, from: .networkStatus(#"{"name": "default/sriov-net-crd"}"#))
        }
        guard case .malformedNetworkStatus = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
    }

    @Test("claims a VF for each network whose binding asks for one, with the attachment its backend names")
    func claimsOfVM() throws {
        let vm = VirtualMachine(
            name: "vm", namespace: "tenant",
            interfaces: [
                Interface(name: "default", bindings: [BindingMethod(name: "masquerade")]),
                Interface(name: "fast", bindings: [BindingMethod(name: "sriov")]),
                Interface(name: "faster", bindings: [BindingMethod(name: "sriov")]),
            ],
            networks: [
                Network(name: "default", sources: [NetworkSource(backend: "pod")]),
                Network(
                    name: "faster",
                    sources: [
                        NetworkSource(backend: "multus", options: ["networkName": .string("default/sriov-net-crd")])
                    ]),
                Network(
                    name: "fast",
                    sources: [NetworkSource(backend: "multus", options: ["networkName": .string("local-sriov")])]),
            ])
        let local = NetworkAttachmentDefinition(
            name: "local-sriov", namespace: "tenant", config: "{}", resourceName: Self.resource)
        let planner = Planner(drivers: PluginRegistry(searchPath: .besideExecutable).drivers)
        func networks(_ vm: VirtualMachine, _ attachments: [NetworkAttachmentDefinition]) throws -> [SRIOVNetwork] {
            try planner.hostDeviceClaims(vm, config: ClusterConfig(), attachments: attachments).map { claim in
                #expect(claim.request == .attachmentResource)
                return try SRIOVNetwork(
                    claiming: claim.network, backend: claim.backend, attachmentName: claim.attachmentName,
                    attachment: claim.attachment)
            }
        }
        #expect(
            try networks(vm, [Self.attachment, local]) == [
                SRIOVNetwork(name: "faster", attachment: Self.attachment),
                SRIOVNetwork(name: "fast", attachment: local),
            ])
        #expect(throws: SRIOVError.attachmentNotFound(network: "faster", attachment: "default/sriov-net-crd")) {
            try networks(vm, [local])
        }
        var onPod = vm
        onPod.interfaces!.removeFirst()
        onPod.networks![1] = Network(name: "faster", sources: [NetworkSource(backend: "pod")])
        onPod.networks!.removeFirst()
        #expect(throws: SRIOVError.noAttachment(network: "faster", backend: "pod")) {
            try networks(onPod, [Self.attachment, local])
        }
        var bridged = vm
        bridged.interfaces![2] = Interface(name: "faster", bindings: [BindingMethod(name: "bridge")])
        #expect(try networks(bridged, [Self.attachment, local]) == [SRIOVNetwork(name: "fast", attachment: local)])
    }
}
