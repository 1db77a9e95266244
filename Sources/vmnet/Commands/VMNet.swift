import ArgumentParser
import FoundationEssentials
import Glibc

/// The `vmnet` command.
struct VMNet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vmnet",
        abstract: "Connect virtual machines to networks with KubeVirt's interface and network semantics.",
        discussion: """
            vmnet reads VM manifests (spec.networks and spec.domain.devices.interfaces), validates them, plans and \
            wires the pod's network namespace, serves DHCP to the guest and emits libvirt domain devices.

            Exit status: 0 success, 1 invalid manifests, 2 usage, input or system error.
            """,
        version: "0.1.0",
        subcommands: [ValidateCommand.self, PlanCommand.self, DomainCommand.self, PodAnnotationsCommand.self, SRIOVCommand.self, ServeCommand.self, PluginsCommand.self, UpCommand.self, DownCommand.self]
    )
}

/// Maps argument-parser's outcomes to vmnet's exit codes: usage errors are 2, like unreadable input.
@main
enum Entry {
    static func main() {
        do {
            var command = try VMNet.parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch let failure as CommandFailure {
            failure.exit()
        } catch {
            let code = VMNet.exitCode(for: error)
            if code == .validationFailure {
                let message = VMNet.fullMessage(for: error)
                StandardStream.error.write(message + "\n")
                Glibc.exit(2)
            }
            VMNet.exit(withError: error)
        }
    }
}
