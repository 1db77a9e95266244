import Testing
import VMNetCore
import VMNetLibvirt

@Suite("slirp QEMU arguments")
struct QEMUUserNetworkTests {
    static let slirp = QEMUUserNetwork(
        name: "default", network: "10.0.2.0/24", dnsSearch: ["default.svc.cluster.local", "svc.cluster.local"],
        portForwards: [.init(.tcp, port: 80), .init(.udp, port: 53)], model: .virtio, macAddress: "02:00:00:00:00:09")

    @Test("are KubeVirt's -netdev user and JSON -device, with one hostfwd per port")
    func arguments() {
        #expect(
            Self.slirp.arguments == [
                "-netdev",
                "user,id=default,net=10.0.2.0/24,dnssearch=default.svc.cluster.local,dnssearch=svc.cluster.local,"
                    + "hostfwd=tcp::80-:80,hostfwd=udp::53-:53",
                "-device", #"{"driver":"e1000","netdev":"default","id":"default","mac":"02:00:00:00:00:09"}"#,
            ])
    }

    @Test(
        "force the model to e1000 unless rtl8139 was asked for",
        arguments: [
            (DomainInterface.Model.e1000, "e1000"), (.e1000e, "e1000"), (.ne2kPCI, "e1000"), (.pcnet, "e1000"),
            (.rtl8139, "rtl8139"), (.virtio, "e1000"),
        ])
    func model(model: DomainInterface.Model, driver: String) {
        #expect(QEMUUserNetwork(name: "n", model: model).deviceDriver == driver)
    }

    @Test("default to QEMU's 10.0.2.0/24 with no MAC, search domain or forward")
    func defaults() {
        #expect(
            QEMUUserNetwork(name: "n").arguments
                == ["-netdev", "user,id=n,net=10.0.2.0/24", "-device", #"{"driver":"e1000","netdev":"n","id":"n"}"#])
    }

    @Test("double commas inside option values and escape JSON strings")
    func escapes() {
        let odd = QEMUUserNetwork(name: #"a"b\c"#, dnsSearch: ["x,y"])
        #expect(odd.netdevArgument == #"user,id=a"b\c,net=10.0.2.0/24,dnssearch=x,,y"#)
        #expect(odd.deviceArgument == #"{"driver":"e1000","netdev":"a\"b\\c","id":"a\"b\\c"}"#)
    }

    @Test("become <qemu:commandline> arguments that declare the qemu namespace")
    func commandLine() {
        let devices: DomainDevices = [.userNetwork(Self.slirp)]
        #expect(
            devices.qemuCommandLineXML == """
                <qemu:commandline xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
                  <qemu:arg value='-netdev'/>
                  <qemu:arg value='user,id=default,net=10.0.2.0/24,dnssearch=default.svc.cluster.local,dnssearch=svc.cluster.local,hostfwd=tcp::80-:80,hostfwd=udp::53-:53'/>
                  <qemu:arg value='-device'/>
                  <qemu:arg value='{&quot;driver&quot;:&quot;e1000&quot;,&quot;netdev&quot;:&quot;default&quot;,&quot;id&quot;:&quot;default&quot;,&quot;mac&quot;:&quot;02:00:00:00:00:09&quot;}'/>
                </qemu:commandline>

                """)
        #expect(DomainDevices().qemuCommandLineXML == nil)
    }
}
