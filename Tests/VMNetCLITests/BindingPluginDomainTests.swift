import Foundation
import Testing
import VMNetLibvirt

/// The domains the passt and macvtap plugins render, as `vmnet domain` prints them and libvirt's test driver reads
/// them back.
@Suite("vmnet domain with the passt and macvtap plugins")
struct BindingPluginDomainTests {
    func domain(_ fixture: String) throws -> String {
        let result = try run(["domain", fixtures.appendingPathComponent("acceptance/\(fixture).yaml").path])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test("passt: no <interface>; QEMU's stream netdev on passt's socket in <qemu:commandline>, which libvirt takes")
    func passt() throws {
        let xml = try domain("passt-ports")
        #expect(!xml.contains("<interface"))
        #expect(xml.contains("<qemu:arg value='stream,id=ua-default,server=off,addr.type=unix,addr.path=/run/vmnet-passt/"))
        #expect(xml.contains("<qemu:arg value='{&quot;driver&quot;:&quot;virtio-net-pci&quot;,&quot;netdev&quot;:&quot;ua-default&quot;"))
        _ = try LibvirtConnection().check(domainXML: xml)
    }

    @Test("libvirt's test driver, like its QEMU driver, rejects the passt backend: Debian 12 builds libvirt 9.0 without it")
    func passtBackendDisabled() throws {
        let interface = "<interface type='user'><backend type='passt'/><portForward proto='tcp'><range start='80'/></portForward></interface>"
        let xml = try domain("passt-ports").replacingOccurrences(of: "<devices/>", with: "<devices>" + interface + "</devices>")
        #expect(xml.contains(interface))
        #expect {
            try LibvirtConnection().check(domainXML: xml)
        } throws: { error in
            "\(error)".contains("Invalid value for attribute 'type' in element 'backend': 'passt'")
        }
    }

    @Test("macvtap: an ethernet interface on the macvtap with the pod's MAC, unmanaged, which libvirt reads back")
    func macvtap() throws {
        let xml = try domain("macvtap-pod")
        #expect(xml.contains("<interface type='ethernet'>\n      <mac address='0a:58:0a:f4:00:05'/>\n      <target dev='tap0' managed='no'/>"))
        let readBack = try LibvirtConnection().check(domainXML: xml)
        #expect(readBack.contains("<target dev='tap0' managed='no'/>"))
    }
}
