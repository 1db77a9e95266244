import Foundation
import Testing
import VMNetCore
import VMNetLibvirt

@Suite("SR-IOV <hostdev> rendering")
struct DomainHostDeviceXMLTests {
    @Test("a VF is an unmanaged PCI hostdev with its host address and the alias its plugin gave")
    func plain() throws {
        let device = DomainHostDevice(name: "sriov1", alias: "ua-sriov-sriov1", sourceAddress: try PCIAddress(parsing: "0000:81:10.2"))
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
            name: "sriov1", alias: "ua-sriov-sriov1", sourceAddress: try PCIAddress(parsing: "0000:81:10.2"), bootOrder: 3,
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

    @Test("a host device whose plugin gave no alias, in code or in its document, is aliased ua-<name>")
    func defaultAlias() throws {
        let address = try PCIAddress(parsing: "0000:81:10.2")
        #expect(DomainHostDevice(name: "gpu", sourceAddress: address).alias == "ua-gpu")
        let document = #"{"name":"gpu","sourceAddress":"0000:81:10.2"}"#
        #expect(try JSONDecoder().decode(DomainHostDevice.self, from: Data(document.utf8)).alias == "ua-gpu")
    }
}
