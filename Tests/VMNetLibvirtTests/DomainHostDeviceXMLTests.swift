import Testing
import VMNetCore
import VMNetLibvirt

@Suite("SR-IOV <hostdev> rendering")
struct DomainHostDeviceXMLTests {
    @Test("a VF is an unmanaged PCI hostdev with its host address, aliased ua-sriov-<name>")
    func plain() throws {
        let device = DomainHostDevice(name: "sriov1", sourceAddress: try PCIAddress(parsing: "0000:81:10.2"))
        #expect(
            device.libvirtXML == """
                <hostdev mode='subsystem' type='pci' managed='no'>
                  <source>
                    <address domain='0x0000' bus='0x81' slot='0x10' function='0x2'/>
                  </source>
                  <alias name='ua-sriov-sriov1'/>
                </hostdev>

                """)
    }

    @Test("boot order and guest address follow the source")
    func everything() throws {
        let device = DomainHostDevice(
            name: "sriov1", sourceAddress: try PCIAddress(parsing: "0000:81:10.2"), bootOrder: 3,
            guestAddress: try PCIAddress(parsing: "0000:02:01.0"))
        #expect(
            device.libvirtXML == """
                <hostdev mode='subsystem' type='pci' managed='no'>
                  <source>
                    <address domain='0x0000' bus='0x81' slot='0x10' function='0x2'/>
                  </source>
                  <boot order='3'/>
                  <alias name='ua-sriov-sriov1'/>
                  <address type='pci' domain='0x0000' bus='0x02' slot='0x01' function='0x0'/>
                </hostdev>

                """)
    }
}
