import ArgumentParser
import VMNetRuntime
import VMNetSystem
import VMNetWiring

/// `vmnet up`: wires each VM into the pod's network namespace, journaling every step before it is made.
struct UpCommand: ParsableCommand {
    @OptionGroup var manifests: ManifestOptions
    @OptionGroup var target: NamespaceOptions
    @OptionGroup var plugins: PluginOptions
    @OptionGroup var planning: PlanningOptions
    @OptionGroup var serving: ServingOptions

    @Flag(name: .long, help: "Undo a VM wired from different manifests, then wire it from these.")
    var replace = false

    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func validate() throws {
        try manifests.requireFiles()
    }

    func run() throws {
        if serving.serve { TerminationSignals.block(childExit: true) }
        let plugins = self.plugins
        let wiring: Wiring
        do {
            wiring = Wiring(
                drivers: plugins.drivers(), pod: try planning.pod.context(),
                options: planning.wiringOptions(stateDirectory: target.state, replace: replace, faults: .ofThisBuild))
        } catch {
            error.exit()
        }
        let input = try wiring.validManifests(files: manifests.allFiles)
        let namespace = target.namespace
        var wired: [WiredVM] = []
        for vm in input.machines {
            do throws(WiringError) {
                wired.append(try wiring.up(vm, of: input, in: namespace))
                if output == .text { print(OutcomeText.up(wired.last!.outcome, in: namespace)) }
            } catch {
                if output == .json { try JSONOutput.print(UpOutput(namespace: namespace.path, machines: wired.map(\.outcome), error: error.description)) }
                CommandFailure(error).exit()
            }
        }
        if output == .json { try JSONOutput.print(UpOutput(namespace: namespace.path, machines: wired.map(\.outcome), error: nil)) }
        if serving.serve { serving.serveThenUnwire(wired, with: wiring, in: namespace) }
    }
}
