import VMNetCore

/// A QEMU user-mode (slirp) NIC, given to QEMU as `-netdev user,…` and `-device {…}` arguments.
///
/// The arguments are KubeVirt's historic slirp binding's, byte for byte: `-netdev user,id=<name>,net=<cidr>`, one
/// `dnssearch=` per search domain and one `hostfwd=<proto>::<port>-:<port>` per forwarded port, then a JSON
/// `-device` naming the driver, netdev, id and optional MAC.
struct QEMUUserNetwork: Sendable, Hashable {
    /// A port forwarded from the pod to the same port in the guest.
    struct PortForward: Sendable, Hashable {
        /// The transport a forward applies to.
        enum TransportProtocol: String, Sendable, Hashable {
            /// TCP.
            case tcp
            /// UDP.
            case udp
        }

        /// The transport.
        var transport: TransportProtocol
        /// The port, 1–65535, the same on the pod and in the guest.
        var port: Int

        /// Creates a forward of `port` over `transport`.
        init(_ transport: TransportProtocol = .tcp, port: Int) {
            self.transport = transport
            self.port = port
        }

        /// QEMU's `hostfwd` value: `tcp::80-:80`.
        var hostForward: String { "\(transport.rawValue)::\(port)-:\(port)" }
    }

    /// The VM interface's name: QEMU's netdev and device id.
    var name: String
    /// The guest network in CIDR form; QEMU's default user network is `10.0.2.0/24`.
    var network: String
    /// DNS search domains QEMU's DHCP server hands the guest, in order.
    var dnsSearch: [String]
    /// Ports reachable from outside the guest, in order; no other inbound traffic reaches it.
    var portForwards: [PortForward]
    /// The model the VM spec asked for; see `deviceDriver` for the one QEMU gets.
    var model: DomainInterface.Model
    /// The MAC address the guest sees, lower-case and colon-separated; `nil` lets QEMU pick one.
    var macAddress: String?

    /// Creates a user-mode NIC.
    init(
        name: String, network: String = "10.0.2.0/24", dnsSearch: [String] = [], portForwards: [PortForward] = [],
        model: DomainInterface.Model = .e1000, macAddress: String? = nil
    ) {
        self.name = name
        self.network = network
        self.dnsSearch = dnsSearch
        self.portForwards = portForwards
        self.model = model
        self.macAddress = macAddress
    }

    /// The QEMU device driver: `rtl8139` when asked for, otherwise `e1000`, as KubeVirt's slirp binding forced it.
    var deviceDriver: String { model == .rtl8139 ? "rtl8139" : "e1000" }

    /// The `-netdev` value: `user,id=…,net=…[,dnssearch=…][,hostfwd=…]`.
    var netdevArgument: String {
        var options = ["user", "id=" + Self.optionValue(name), "net=" + Self.optionValue(network)]
        options += dnsSearch.map { "dnssearch=" + Self.optionValue($0) }
        options += portForwards.map { "hostfwd=" + $0.hostForward }
        return options.joined(separator: ",")
    }

    /// The `-device` value, QEMU's JSON form: `{"driver":"e1000","netdev":"…","id":"…"[,"mac":"…"]}`.
    var deviceArgument: String {
        var members = [("driver", deviceDriver), ("netdev", name), ("id", name)]
        if let macAddress { members.append(("mac", macAddress)) }
        return "{" + members.map { "\(JSONString.quoted($0.0)):\(JSONString.quoted($0.1))" }.joined(separator: ",") + "}"
    }

    /// The QEMU arguments, in order: `-netdev`, its value, `-device`, its value.
    var arguments: [String] { ["-netdev", netdevArgument, "-device", deviceArgument] }

    /// A value inside a QEMU option list, where a literal comma is written twice.
    private static func optionValue(_ text: String) -> String {
        text.split(separator: ",", omittingEmptySubsequences: false).joined(separator: ",,")
    }
}
