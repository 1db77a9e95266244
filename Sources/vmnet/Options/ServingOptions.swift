import ArgumentParser
import Glibc
import VMNetRuntime
import VMNetWiring

/// `vmnet up --serve`: DHCP for the VMs just wired, by a `vmnet-dhcpd` child, until a signal; then unwire.
struct ServingOptions: ParsableArguments {
    @Flag(name: .long, help: "After wiring, serve DHCP to the guests in the foreground until SIGINT or SIGTERM, then unwire.")
    var serve = false

    @Flag(name: .long, help: "With --serve: leave the VMs wired when serving stops.")
    var keep = false

    @Option(name: .customLong("resolv-conf"), help: ArgumentHelp("With --serve: where the guests' DNS servers and search domains come from.", valueName: "file"))
    var resolvConf = "/etc/resolv.conf"

    /// Serves `wired`'s plans until a signal, then `down` unless `--keep`. Exits with the daemon's status when it
    /// failed. SIGINT, SIGTERM and SIGCHLD must be blocked before anything else starts.
    func serveThenUnwire(_ wired: [WiredVM], with wiring: Wiring, in namespace: NetworkNamespace) {
        var status: Int32 = 0
        do throws(CommandFailure) {
            let daemon = try DHCPDaemon.locate()
            let child = try daemon.spawn(DHCPDaemon.plan(for: wired.map(\.plan), in: namespace, resolvConfPath: resolvConf))
            status = DHCPDaemon.waitForChild(child)
        } catch {
            StandardStream.error.write("vmnet: error: \(error.message)\n")
            status = error.status
        }
        if !keep {
            for vm in wired.map(\.outcome.vm) {
                do throws(WiringError) {
                    let outcome = try wiring.down(vm, in: namespace)
                    StandardStream.output.write("VM \(vm): unwired, \(outcome.stepsUndone) steps undone\n")
                } catch {
                    StandardStream.error.write("vmnet: error: \(error.description)\n")
                }
            }
        }
        if status != 0 { Glibc.exit(status) }
    }
}
