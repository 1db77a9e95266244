import Foundation
import Testing
import VMNetCore
import VMNetLibvirt

@Suite("QEMU-argument devices")
struct QEMUArgumentsTests {
    static let stream = QEMUArguments(
        name: "default",
        arguments: [
            "-netdev", "stream,id=ua-default,server=off,addr.type=unix,addr.path=/run/x.socket",
            "-device", #"{"driver":"virtio-net-pci","netdev":"ua-default"}"#,
        ])

    @Test("join the user-mode NICs' arguments in interface order, and stay out of <devices>")
    func order() {
        let devices: DomainDevices = [.qemuArguments(Self.stream), .userNetwork(Samples.slirp)]
        #expect(devices.qemuArguments == Self.stream.arguments + Samples.slirp.arguments)
        #expect(devices.libvirtXML == "<devices/>\n")
        let commandLine = devices.qemuCommandLineXML ?? ""
        #expect(commandLine.contains("<qemu:arg value='-netdev'/>\n  <qemu:arg value='stream,id=ua-default,server=off"))
        #expect(commandLine.contains(#"<qemu:arg value='{&quot;driver&quot;:&quot;virtio-net-pci&quot;"#))
    }

    @Test("encode under their own key and decode back the same")
    func codable() throws {
        let data = try JSONEncoder().encode(DomainDevice.qemuArguments(Self.stream))
        #expect(String(decoding: data, as: UTF8.self).hasPrefix(#"{"qemuArguments":{"#))
        #expect(try JSONDecoder().decode(DomainDevice.self, from: data) == .qemuArguments(Self.stream))
        #expect(DomainDevice.qemuArguments(Self.stream).name == "default")
    }

    @Test("pass libvirt's test driver in a full domain, whose <qemu:commandline> the schema checks")
    func libvirtAccepts() throws {
        let libvirt = try LibvirtConnection()
        let domain = DomainDefinition(name: "qemu-arguments", devices: [.qemuArguments(Self.stream)])
        _ = try libvirt.check(domain)
    }
}
