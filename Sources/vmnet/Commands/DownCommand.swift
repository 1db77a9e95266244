import ArgumentParser
import VMNetRuntime
import VMNetWiring

/// `vmnet down`: undoes exactly what `vmnet up` journaled, last step first.
struct DownCommand: ParsableCommand {
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
                for vm in try wiring.references(files: files) {
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
}
