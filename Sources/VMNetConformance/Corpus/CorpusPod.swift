import VMNetCore
import VMNetEngine

/// The pod a corpus VM is planned in: the illustrative pod of `vmnet plan`, with its interfaces named as the
/// backends assigned them, so a plan request always carries the facts of the interface it names.
enum CorpusPod {
    /// The facts for `assignments`: the primary interface is the illustrative `eth0` (with IPv6 when asked),
    /// each secondary one the next illustrative secondary renamed, and every network gets a virtual function.
    static func facts(for assignments: [BackendPlan.Assignment], networks: [String], withIPv6: Bool) -> PodFacts {
        let illustrative = IllustrativePod.facts(withIPv6: withIPv6, hostDeviceNetworks: networks)
        var secondaries = illustrative.interfaces.dropFirst().makeIterator()
        var interfaces: [PodInterface] = []
        for assignment in assignments where !interfaces.contains(where: { $0.name == assignment.podInterface }) {
            var interface = assignment.isPrimary ? illustrative.interfaces[0] : (secondaries.next() ?? illustrative.interfaces[1])
            interface.name = assignment.podInterface
            interfaces.append(interface)
        }
        return PodFacts(interfaces: interfaces, hostDevices: illustrative.hostDevices)
    }
}
