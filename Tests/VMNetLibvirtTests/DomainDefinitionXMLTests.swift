import Testing
import VMNetCore
import VMNetLibvirt

@Suite("Minimal domain rendering")
struct DomainDefinitionXMLTests {
    @Test("a bare domain is a QEMU guest with ACPI, its vCPU topology and no devices")
    func bare() {
        let domain = DomainDefinition(name: "vm1", memoryMiB: 128, topology: .init(sockets: 1, cores: 2, threads: 2))
        #expect(
            domain.libvirtXML == """
                <domain type='qemu'>
                  <name>vm1</name>
                  <memory unit='MiB'>128</memory>
                  <vcpu>4</vcpu>
                  <os>
                    <type arch='x86_64'>hvm</type>
                  </os>
                  <features>
                    <acpi/>
                  </features>
                  <cpu>
                    <topology sockets='1' cores='2' threads='2'/>
                  </cpu>
                  <devices/>
                </domain>

                """)
    }

    @Test("a direct kernel boot with a serial log and a slirp NIC declares the qemu namespace on the domain")
    func complete() {
        let domain = DomainDefinition(
            name: "vm1", kernel: "/boot/vmlinuz", initrd: "/boot/initrd.img", kernelCommandLine: "console=ttyS0 quiet",
            serialLogPath: "/tmp/vm1.log",
            devices: [
                .interface(DomainInterface(name: "default", targetDevice: "tap0")),
                .qemuCommandLine(
                    QEMUCommandLineDevice(
                        name: "s",
                        arguments: ["-netdev", "user,id=s,net=10.0.2.0/24", "-device", #"{"driver":"e1000","netdev":"s","id":"s"}"#])),
            ])
        #expect(
            domain.libvirtXML == """
                <domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
                  <name>vm1</name>
                  <memory unit='MiB'>256</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64'>hvm</type>
                    <kernel>/boot/vmlinuz</kernel>
                    <initrd>/boot/initrd.img</initrd>
                    <cmdline>console=ttyS0 quiet</cmdline>
                  </os>
                  <features>
                    <acpi/>
                  </features>
                  <cpu>
                    <topology sockets='1' cores='1' threads='1'/>
                  </cpu>
                  <devices>
                    <interface type='ethernet'>
                      <target dev='tap0' managed='no'/>
                      <model type='virtio-non-transitional'/>
                      <alias name='ua-default'/>
                      <rom enabled='no'/>
                    </interface>
                    <serial type='file'>
                      <source path='/tmp/vm1.log'/>
                    </serial>
                  </devices>
                  <qemu:commandline>
                    <qemu:arg value='-netdev'/>
                    <qemu:arg value='user,id=s,net=10.0.2.0/24'/>
                    <qemu:arg value='-device'/>
                    <qemu:arg value='{&quot;driver&quot;:&quot;e1000&quot;,&quot;netdev&quot;:&quot;s&quot;,&quot;id&quot;:&quot;s&quot;}'/>
                  </qemu:commandline>
                </domain>

                """)
    }

    @Test("the VM name and every path are escaped")
    func escapes() {
        let domain = DomainDefinition(
            name: #"web&<db>'""#, kernelCommandLine: "a<b && c>d", serialLogPath: "/tmp/it's.log")
        #expect(domain.libvirtXML.contains("  <name>web&amp;&lt;db&gt;&apos;&quot;</name>\n"))
        #expect(domain.libvirtXML.contains("    <cmdline>a&lt;b &amp;&amp; c&gt;d</cmdline>\n"))
        #expect(domain.libvirtXML.contains("      <source path='/tmp/it&apos;s.log'/>\n"))
    }
}
