import ArgumentParser
import FoundationEssentials
import VMNetCore
import VMNetEngine
import VMNetManifest
import VMNetRuntime
import VMNetWiring

/// `vmnet down`: undoes exactly what `vmnet up` journaled, last step first.
struct DownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Unwire VMs from a pod's network namespace, undoing exactly what `vmnet up` made.",
        discussion: """
            Undoes the journaled steps in reverse order and restores what they changed (MACs, MTUs, masters, \
            link states, addresses and the routes that went with them, sysctls, NAT rules), then deletes the \
            journal, so the namespace is as it was before `vmnet up`. With manifest files, only their VMs; \
            without, every VM journaled in the namespace. Works after a crash or `kill -9` of `vmnet up`, and \
            running it twice is fine. Needs CAP_NET_ADMIN and CAP_SYS_ADMIN (run as root).

            Exit status: 0 done (or nothing to undo), 2 usage, input or system error.
            """
    )

    @OptionGroup var target: NamespaceOptions
    @OptionGroup var plugins: PluginOptions

    @Argument(help: ArgumentHelp(
        "Manifest files naming the VMs to unwire; without them, every VM wired in the namespace.", valueName: "file"))
    var files: [String] = []

    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func run() throws {
        let namespace = target.namespace
        let plugins = self.plugins
        // Plugins are loaded only to undo a plugin's own steps, or to read manifest files.
        let wiring = Wiring(drivers: plugins.drivers(), options: Wiring.Options(stateDirectory: target.state))
        var outcomes: [TeardownOutcome] = []
        do throws(WiringError) {
            if files.isEmpty {
                outcomes = try wiring.downAll(in: namespace)
            } else {
                for vm in try machines(drivers: wiring.drivers) {
                    outcomes.append(try wiring.down(vm, in: namespace))
                }
            }
        } catch {
            if output == .json { try JSONOutput.print(DownOutput(namespace: namespace.path, machines: outcomes, error: error.description)) }
            CommandFailure(message: error.description, status: 2).exit()
        }
        switch output {
        case .json:
            try JSONOutput.print(DownOutput(namespace: namespace.path, machines: outcomes, error: nil))
        case .text:
            if outcomes.isEmpty { print("nothing to undo in the \(namespace)") }
            for outcome in outcomes { print(OutcomeText.down(outcome, in: namespace)) }
        }
    }

    /// The VMs `files` name; the files are decoded, not validated.
    private func machines(drivers: DriverSet) throws(WiringError) -> [VMReference] {
        let decoder = ManifestDecoder(drivers: drivers)
        var references: [VMReference] = []
        for file in files {
            do {
                references += try decoder.decode(contentsOf: file).machines.map { VMReference($0.vm) }
            } catch {
                throw .unreadable([error.diagnostic])
            }
        }
        return references
    }
}

/// The JSON document `vmnet down --output json` prints.
struct DownOutput: Encodable {
    var namespace: String
    var machines: [TeardownOutcome]
    var error: String?
}
