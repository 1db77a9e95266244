import Foundation
import Testing
import VMNetCore
import VMNetEngine
import VMNetLibvirt

@Suite("Domain device lists")
struct DomainDevicesTests {
    @Test("keep interface order and list each kind in that order")
    func order() {
        #expect(Samples.devices.map(\.name) == ["default", "red", "green", "blue"])
        #expect(Samples.devices.interfaces == [Samples.masquerade, Samples.bridge])
        #expect(Samples.devices.hostDevices == [Samples.sriov])
        #expect(Samples.devices.qemuCommandLineDevices == [Samples.slirp])
        #expect(Samples.devices.qemuArguments == Samples.slirp.arguments)
    }

    @Test("render a <devices> element with NICs and VFs in interface order, slirp left to the command line")
    func devicesXML() {
        #expect(
            Samples.devices.libvirtXML == """
                <devices>
                  <interface type='ethernet'>
                    <mac address='02:00:00:00:00:01'/>
                    <target dev='tap0' managed='no'/>
                    <model type='virtio-non-transitional'/>
                    <driver name='vhost' queues='2'/>
                    <mtu size='1450'/>
                    <alias name='ua-default'/>
                    <rom enabled='no'/>
                    <address type='pci' domain='0x0000' bus='0x01' slot='0x02' function='0x0'/>
                  </interface>
                  <hostdev mode='subsystem' type='pci' managed='no'>
                    <source>
                      <address domain='0x0000' bus='0x81' slot='0x10' function='0x2'/>
                    </source>
                    <boot order='2'/>
                    <alias name='ua-sriov-red'/>
                    <address type='pci' domain='0x0000' bus='0x02' slot='0x01' function='0x0'/>
                  </hostdev>
                  <interface type='ethernet'>
                    <mac address='02:00:00:00:00:02'/>
                    <target dev='tap1' managed='no'/>
                    <model type='e1000'/>
                    <link state='down'/>
                    <boot order='1'/>
                    <alias name='ua-blue'/>
                    <acpi index='2'/>
                  </interface>
                </devices>

                """)
    }

    @Test("code as a JSON array of one-key objects and decode back equal")
    func codes() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(DomainDevices([.hostDevice(Samples.sriov)]))
        #expect(
            String(decoding: data, as: UTF8.self)
                == #"[{"hostDevice":{"alias":"ua-sriov-red","bootOrder":2,"guestAddress":"0000:02:01.0","name":"red","sourceAddress":"0000:81:10.2"}}]"#
        )
        let all = try JSONEncoder().encode(Samples.devices)
        #expect(try JSONDecoder().decode(DomainDevices.self, from: all) == Samples.devices)
    }

    @Test("decode a NIC without model or link state as virtio and up, and a QEMU command-line device from its name and arguments")
    func decodesDefaults() throws {
        let json = #"[{"interface":{"name":"default","targetDevice":"tap0"}},{"qemuCommandLine":{"name":"s","arguments":["-nic","none"]}}]"#
        let devices = try JSONDecoder().decode(DomainDevices.self, from: Data(json.utf8))
        #expect(
            devices == [
                .interface(DomainInterface(name: "default", targetDevice: "tap0")),
                .qemuCommandLine(QEMUCommandLineDevice(name: "s", arguments: ["-nic", "none"])),
            ])
    }

    @Test("refuse a device object with no kind or two kinds")
    func refusesAmbiguous() {
        for json in [#"[{}]"#, #"[{"interface":{"name":"a","targetDevice":"t"},"hostDevice":{}}]"#] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(DomainDevices.self, from: Data(json.utf8)) }
        }
    }

    @Test("put QEMU command-line devices into <qemu:commandline>, declaring the qemu namespace")
    func commandLine() {
        let devices: DomainDevices = [.qemuCommandLine(Samples.slirp)]
        #expect(
            devices.qemuCommandLineXML == """
                <qemu:commandline xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
                  <qemu:arg value='-netdev'/>
                  <qemu:arg value='user,id=green,net=10.0.2.0/24,dnssearch=svc.cluster.local,hostfwd=tcp::22-:22,hostfwd=tcp::80-:80'/>
                  <qemu:arg value='-device'/>
                  <qemu:arg value='{&quot;driver&quot;:&quot;e1000&quot;,&quot;netdev&quot;:&quot;green&quot;,&quot;id&quot;:&quot;green&quot;,&quot;mac&quot;:&quot;02:00:00:00:00:03&quot;}'/>
                </qemu:commandline>

                """)
        #expect(DomainDevices().qemuCommandLineXML == nil)
    }
}
