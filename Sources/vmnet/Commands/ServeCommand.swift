import ArgumentParser
import VMNetRuntime

/// `vmnet serve`: DHCP for the VMs already wired in a namespace, from their journals.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve DHCP to the guests of the VMs wired in a namespace, until SIGINT or SIGTERM.",
        discussion: """
            Reads the journals `vmnet up` wrote for the namespace and starts, for every interface whose plan serves \
            DHCP, a DHCPv4 server on its bridge (and a DHCPv6 server for IPv6 masquerade). DNS servers and search \
            domains come from --resolv-conf. Each lease granted is printed. `vmnet up --serve` does the same right \
            after wiring. Once the journals are read, vmnet becomes `vmnet-dhcpd` (found beside vmnet or in \
            ../libexec/vmnet), a process that holds the DHCP servers only.
            """
    )

    @OptionGroup var target: NamespaceOptions

    @Option(name: .customLong("resolv-conf"), help: ArgumentHelp("Where the guest's DNS servers and search domains come from.", valueName: "file"))
    var resolvConf = "/etc/resolv.conf"

    func run() throws {
        let namespace = target.namespace
        let journals = target.state.wiredJournals(in: namespace)
        do {
            let daemon = try DHCPDaemon.locate()
            try daemon.exec(DHCPDaemon.plan(for: journals.map(\.header.plan), in: namespace, resolvConfPath: resolvConf))
        } catch {
            error.exit()
        }
    }
}
