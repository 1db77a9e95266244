import ArgumentParser
import VMNetRuntime
import VMNetSystem
import VMNetWiring

/// `vmnet up`: wires each VM into the pod's network namespace, journaling every step before it is made.
struct UpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Wire VMs into a pod's network namespace.",
        discussion: """
            Reads the namespace's interfaces, plans each VM from them and makes the host steps that `vmnet plan` \
            prints (links, addresses, MACs, MTUs, sysctls, NAT rules, one commit per table) on a thread inside \
            the namespace. Before each step the journal (--state-dir, one file per namespace and VM) records it \
            and what it changes, so `vmnet down` can undo exactly what was made, even after a crash.

            A VM already wired from the same manifests is left alone. One wired from different manifests is \
            refused with what differs, unless --replace (which undoes the applied plan, then applies this one). \
            When a step fails, the steps before it are undone and the failing step is reported with the \
            kernel's error. Needs CAP_NET_ADMIN and CAP_SYS_ADMIN (run as root).

            Exit status: 0 wired, 1 invalid manifests or a different plan already applied, 2 usage, input or \
            system error (the namespace is then as it was, unless the message says otherwise).
            """
    )

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

    /// The test hooks `VMNET_FAIL_AT_STEP` and `VMNET_PAUSE_*` in a debug build, which the tests run; a release
    /// build reads no test switch from its environment.
    private var faults: FaultInjection {
        #if VMNET_TESTING
        return .fromEnvironment()
        #else
        return .none
        #endif
    }

    func run() throws {
        if serving.serve { TerminationSignals.block(childExit: true) }
        let plugins = self.plugins
        let wiring: Wiring
        do {
            wiring = Wiring(
                drivers: plugins.drivers(), pod: try planning.pod.context(),
                options: planning.wiringOptions(stateDirectory: target.state, replace: replace, faults: faults))
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

/// The JSON document `vmnet up --output json` prints.
struct UpOutput: Encodable {
    var namespace: String
    var machines: [ApplyOutcome]
    var error: String?
}
