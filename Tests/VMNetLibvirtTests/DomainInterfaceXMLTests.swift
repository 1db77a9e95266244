import Testing
import VMNetCore
import VMNetLibvirt

@Suite("<interface type='ethernet'> rendering")
struct DomainInterfaceXMLTests {
    @Test("a plain NIC is unmanaged, aliased ua-<name>, virtio non-transitional, with its ROM off")
    func plain() {
        let interface = DomainInterface(name: "default", targetDevice: "tap0")
        #expect(
            interface.libvirtXML == """
                <interface type='ethernet'>
                  <target dev='tap0' managed='no'/>
                  <model type='virtio-non-transitional'/>
                  <alias name='ua-default'/>
                  <rom enabled='no'/>
                </interface>

                """)
    }

    @Test(
        "each spec model keeps its name except virtio",
        arguments: [
            (DomainInterface.Model.e1000, "e1000"), (.e1000e, "e1000e"), (.ne2kPCI, "ne2k_pci"), (.pcnet, "pcnet"),
            (.rtl8139, "rtl8139"), (.virtio, "virtio-non-transitional"),
        ])
    func models(model: DomainInterface.Model, type: String) {
        let interface = DomainInterface(name: "net1", targetDevice: "tap1", model: model)
        #expect(
            interface.libvirtXML == """
                <interface type='ethernet'>
                  <target dev='tap1' managed='no'/>
                  <model type='\(type)'/>
                  <alias name='ua-net1'/>
                  <rom enabled='no'/>
                </interface>

                """)
    }

    @Test("every field lands in libvirt's element order")
    func everything() throws {
        let interface = DomainInterface(
            name: "default", targetDevice: "tap0", model: .virtio, macAddress: "02:00:00:00:00:01", mtu: 1450,
            bootOrder: 2, queues: 4, linkState: .down, acpiIndex: 3, pciAddress: try PCIAddress(parsing: "0000:01:02.0")
        )
        #expect(
            interface.libvirtXML == """
                <interface type='ethernet'>
                  <mac address='02:00:00:00:00:01'/>
                  <target dev='tap0' managed='no'/>
                  <model type='virtio-non-transitional'/>
                  <driver name='vhost' queues='4'/>
                  <link state='down'/>
                  <mtu size='1450'/>
                  <boot order='2'/>
                  <alias name='ua-default'/>
                  <acpi index='3'/>
                  <address type='pci' domain='0x0000' bus='0x01' slot='0x02' function='0x0'/>
                </interface>

                """)
    }

    @Test("multi-queue gives virtio a vhost driver with the queue count and leaves other models single-queue")
    func multiqueue() {
        let virtio = DomainInterface(name: "a", targetDevice: "tap0", queues: 8)
        let e1000 = DomainInterface(name: "b", targetDevice: "tap1", model: .e1000, queues: 8)
        #expect(virtio.libvirtXML.contains("  <driver name='vhost' queues='8'/>\n"))
        #expect(!e1000.libvirtXML.contains("<driver"))
        #expect(e1000.effectiveQueues == nil)
    }

    @Test("a boot order keeps the ROM the firmware PXE-boots from")
    func bootKeepsROM() {
        let booting = DomainInterface(name: "pxe", targetDevice: "tap0", model: .e1000, bootOrder: 1)
        #expect(booting.romEnabled)
        #expect(
            booting.libvirtXML == """
                <interface type='ethernet'>
                  <target dev='tap0' managed='no'/>
                  <model type='e1000'/>
                  <boot order='1'/>
                  <alias name='ua-pxe'/>
                </interface>

                """)
    }

    @Test("PCI addresses are written as libvirt's hexadecimal attributes")
    func pciAddress() throws {
        let interface = DomainInterface(
            name: "a", targetDevice: "tap0", pciAddress: try PCIAddress(parsing: "00aB:fe:1F.7"))
        #expect(
            interface.libvirtXML.contains(
                "  <address type='pci' domain='0x00ab' bus='0xfe' slot='0x1f' function='0x7'/>\n"))
    }

    @Test("names and devices are escaped")
    func escapes() {
        let interface = DomainInterface(name: "a'b", targetDevice: "t<&>\"")
        #expect(interface.libvirtXML.contains("<target dev='t&lt;&amp;&gt;&quot;' managed='no'/>"))
        #expect(interface.libvirtXML.contains("<alias name='ua-a&apos;b'/>"))
    }
}
