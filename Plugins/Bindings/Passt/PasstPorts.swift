import VMNetCore

/// The ports passt forwards from the pod to the guest, as KubeVirt derives them from an interface's `ports`: every
/// TCP and UDP port when the list is empty, otherwise exactly the listed ones of each protocol.
struct PasstPorts: Equatable {
    /// passt's `--tcp-ports` value: `all`, `none` or a comma-separated list.
    var tcp: String
    /// passt's `--udp-ports` value.
    var udp: String

    /// The forwards of `ports` (the protocol compared without case; a port without a number is skipped).
    init(_ ports: [Port]) {
        guard !ports.isEmpty else {
            tcp = "all"
            udp = "all"
            return
        }
        func list(_ transport: String) -> String {
            var numbers: [Int] = []
            for port in ports where port.effectiveProtocol.uppercased() == transport {
                if let number = port.port, !numbers.contains(number) { numbers.append(number) }
            }
            return numbers.isEmpty ? "none" : numbers.map(String.init).joined(separator: ",")
        }
        tcp = list("TCP")
        udp = list("UDP")
    }

    init(tcp: String, udp: String) {
        self.tcp = tcp
        self.udp = udp
    }
}
