import Testing
import VMNetCore
import VMNetLibvirt

@Suite("libvirt's test driver checks rendered domains")
struct LibvirtCheckTests {
    let libvirt: LibvirtConnection

    init() throws {
        libvirt = try LibvirtConnection()
    }

    /// NICs carry MACs here so the read-back can be compared whole: libvirt invents a MAC for a NIC without one.
    static let mac = "02:00:00:00:00:aa"

    static let domains: [DomainDefinition] =
        DomainInterface.Model.allCases.map { model in
            DomainDefinition(
                name: "model-\(model.rawValue)",
                devices: [
                    .interface(DomainInterface(name: "default", targetDevice: "tap0", model: model, macAddress: mac))
                ])
        } + [
            DomainDefinition(name: "bare"),
            DomainDefinition(
                name: "multiqueue", topology: .init(sockets: 2, cores: 2, threads: 1),
                devices: [
                    .interface(DomainInterface(name: "default", targetDevice: "tap0", macAddress: mac, queues: 4))
                ]),
            DomainDefinition(
                name: "pxe",
                devices: [
                    .interface(
                        DomainInterface(
                            name: "default", targetDevice: "tap0", model: .e1000, macAddress: mac, bootOrder: 1))
                ]),
            DomainDefinition(name: "sriov", devices: [.hostDevice(Samples.sriov)]),
            DomainDefinition(name: "slirp", devices: [.qemuCommandLine(Samples.slirp)]),
            DomainDefinition(
                name: "everything", memoryMiB: 512, topology: .init(sockets: 1, cores: 2, threads: 1),
                kernel: "/boot/vmlinuz", initrd: "/boot/initrd.img", kernelCommandLine: "console=ttyS0",
                serialLogPath: "/tmp/everything.log", devices: Samples.devices),
        ]

    @Test("accepts every rendered domain and reads each NIC and VF back exactly as written", arguments: domains)
    func accepts(domain: DomainDefinition) throws {
        let readBack = try libvirt.check(domain)
        #expect(readBack.contains("<name>\(domain.name)</name>"))
        let rendered = DomainDefinition(name: domain.name, devices: domain.devices).libvirtXML
        for device in domain.devices {
            let element: String
            switch device {
            case .interface(let interface): element = interface.libvirtXML
            case .hostDevice(let hostDevice): element = hostDevice.libvirtXML
            case .qemuCommandLine: continue
            }
            let nested = Self.indented(element, by: 2)
            #expect(rendered.contains(nested))
            #expect(readBack.contains(nested), "libvirt changed \(device.name):\n\(readBack)")
        }
    }

    @Test("checks <qemu:commandline> against the schema only: the test driver keeps no QEMU arguments")
    func commandLineIsSchemaChecked() throws {
        let domain = DomainDefinition(name: "slirp-only", devices: [.qemuCommandLine(Samples.slirp)])
        #expect(domain.libvirtXML.contains("<qemu:commandline>"))
        #expect(!(try libvirt.check(domain)).contains("qemu:"))
    }

    @Test("accepts an escaped name and reads it back escaped the same way")
    func escapedName() throws {
        let domain = DomainDefinition(name: #"web&<db>'""#)
        #expect(try libvirt.check(domain).contains("  <name>web&amp;&lt;db&gt;&apos;&quot;</name>\n"))
    }

    @Test("rejects a malformed MAC with libvirt's parser message, not the schema's")
    func badMAC() {
        let domain = DomainDefinition(
            name: "bad-mac",
            devices: [
                .interface(DomainInterface(name: "default", targetDevice: "tap0", macAddress: "zz:54:00:00:00:01"))
            ])
        let error = #expect(throws: LibvirtError.self) { try libvirt.check(domain) }
        guard case .domainRejected(let fault) = error else {
            Issue.record("expected domainRejected, got \(String(describing: error))")
            return
        }
        #expect(fault.message == "XML error: unable to parse mac address 'zz:54:00:00:00:01'")
        #expect(fault.code == 27)
        #expect(error?.description.hasPrefix("libvirt rejected the domain XML: XML error: unable to parse mac") == true)
    }

    @Test("rejects a multicast MAC")
    func multicastMAC() {
        let domain = DomainDefinition(
            name: "multicast-mac",
            devices: [
                .interface(DomainInterface(name: "default", targetDevice: "tap0", macAddress: "01:00:5e:00:00:01"))
            ])
        let error = #expect(throws: LibvirtError.self) { try libvirt.check(domain) }
        #expect(error?.fault.message == "XML error: expected unicast mac address, found multicast '01:00:5e:00:00:01'")
    }

    @Test("rejects a guest PCI slot above 0x1f, which KubeVirt's pattern lets through")
    func highSlot() throws {
        let domain = DomainDefinition(
            name: "high-slot",
            devices: [
                .interface(
                    DomainInterface(
                        name: "default", targetDevice: "tap0", pciAddress: try PCIAddress(parsing: "0000:01:20.0")))
            ])
        let error = #expect(throws: LibvirtError.self) { try libvirt.check(domain) }
        #expect(error?.fault.message == "XML error: Invalid PCI address slot='0x20', must be <= 0x1F")
    }

    @Test("rejects two NICs of the same name: their aliases collide")
    func duplicateAlias() {
        let domain = DomainDefinition(
            name: "twins",
            devices: [
                .interface(DomainInterface(name: "a", targetDevice: "tap0")),
                .interface(DomainInterface(name: "a", targetDevice: "tap1")),
            ])
        let error = #expect(throws: LibvirtError.self) { try libvirt.check(domain) }
        #expect(
            error
                == .domainRejected(
                    LibvirtFault(
                        code: 67, domain: 20, message: "unsupported configuration: non unique alias detected: ua-a")))
    }

    @Test("rejects one boot order on two devices")
    func duplicateBootOrder() {
        let domain = DomainDefinition(
            name: "two-first",
            devices: [
                .interface(DomainInterface(name: "a", targetDevice: "tap0", bootOrder: 1)),
                .hostDevice(DomainHostDevice(name: "b", sourceAddress: PCIAddress(bus: 0x81, slot: 0), bootOrder: 1)),
            ])
        let error = #expect(throws: LibvirtError.self) { try libvirt.check(domain) }
        #expect(error?.fault.message == "unsupported configuration: boot order '1' used for more than one device")
    }

    @Test("reports a schema-only violation as such: a hostdev source address typed 'pci'")
    func schemaOnly() {
        let xml = """
            <domain type='qemu'>
              <name>typed-source</name>
              <memory unit='MiB'>64</memory>
              <os><type arch='x86_64'>hvm</type></os>
              <devices>
                <hostdev mode='subsystem' type='pci' managed='no'>
                  <source><address type='pci' domain='0x0000' bus='0x81' slot='0x10' function='0x2'/></source>
                </hostdev>
              </devices>
            </domain>
            """
        let error = #expect(throws: LibvirtError.self) { try libvirt.check(domainXML: xml) }
        guard case .schemaRejected(let fault) = error else {
            Issue.record("expected schemaRejected, got \(String(describing: error))")
            return
        }
        #expect(fault.code == 92)
        #expect(fault.message.hasPrefix("XML document failed to validate against schema"))
    }

    @Test("refuses the name 'test', which the test driver's built-in domain holds")
    func builtInName() {
        let error = #expect(throws: LibvirtError.self) { try libvirt.check(DomainDefinition(name: "test")) }
        #expect(error?.fault.message.hasPrefix("operation failed: domain 'test' already exists with uuid") == true)
    }

    @Test("reports a URI no driver serves")
    func badURI() {
        let error = #expect(throws: LibvirtError.self) { try LibvirtConnection(uri: "nosuchdriver:///x") }
        guard case .connectionFailed(let uri, _) = error else {
            Issue.record("expected connectionFailed, got \(String(describing: error))")
            return
        }
        #expect(uri == "nosuchdriver:///x")
    }

    private static func indented(_ text: String, by depth: Int) -> String {
        let indent = String(repeating: "  ", count: depth)
        return text.split(separator: "\n").map { indent + $0 + "\n" }.joined()
    }
}
