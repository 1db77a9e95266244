import ArgumentParser
import FoundationEssentials
import Glibc
import VMNetCore
import VMNetRuntime
import VMNetSystem

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

    @Flag(name: .long, help: "Undo a VM wired from different manifests, then wire it from these.")
    var replace = false

    @Flag(name: .long, help: "After wiring, serve DHCP to the guests in the foreground until SIGINT or SIGTERM, then unwire.")
    var serve = false

    @Flag(name: .long, help: "With --serve: leave the VMs wired when serving stops.")
    var keep = false

    @Option(name: .customLong("resolv-conf"), help: ArgumentHelp("With --serve: where the guests' DNS servers and search domains come from.", valueName: "file"))
    var resolvConf = "/etc/resolv.conf"

    @Option(name: .long, help: "How secondary pod interfaces are named: ordinal (net1, net2, …) or hashed (pod<sha256>).")
    var naming: InterfaceNaming = .ordinal

    @Option(name: .customLong("tap-owner"), help: ArgumentHelp("The user that owns the taps (QEMU's; KubeVirt uses 107 for non-root VMs).", valueName: "uid"))
    var tapOwner: UInt32 = 0

    @Option(name: .customLong("tap-group"), help: ArgumentHelp("The group that owns the taps.", valueName: "gid"))
    var tapGroup: UInt32 = 0

    @Option(name: .customLong("cni-conf-dir"), help: ArgumentHelp(
        "The node's CNI config folder, where genie networks are looked up by CNI type.", valueName: "dir"))
    var cniConfigDirectory: String = BackendPlanRequest.defaultCNIConfigDirectory

    @OptionGroup var podStatus: PodStatusOptions

    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func run() throws {
        if serve { TerminationSignals.block(childExit: true) }
        let drivers = plugins.drivers()
        let input = try ValidManifests(files: manifests.allFiles, drivers: drivers)
        let namespace = target.namespace
        let executor = Executor(
            namespace: namespace, drivers: drivers,
            options: Executor.Options(stateDirectory: target.state, replace: replace, faults: .fromEnvironment()))
        let status: PodStatus
        do {
            status = try podStatus.load()
        } catch {
            error.exit()
        }
        let options = Planner.Options(
            naming: naming, tapOwner: tapOwner, tapGroup: tapGroup, cniConfigDirectory: cniConfigDirectory,
            networkStatus: status.entries)
        let (config, attachments) = (input.set.config, input.set.attachments)
        var outcomes: [ApplyOutcome] = []
        for vm in input.machines {
            // In a pod, the device plugin's variables are where SR-IOV virtual functions come from by default.
            let devices: [String: PCIAddress]
            do {
                let source = status.givenSource ?? .devicePlugin(environment: status.environment)
                devices = try status.virtualFunctions(for: vm, attachments: attachments, from: source)
            } catch {
                error.exit()
            }
            let digest = ManifestDigest.of(vm, config: config, attachments: attachments, options: options)
            let request = ApplyRequest(vm: VMReference(vm), manifestDigest: status.digest(digest, devices: devices)) {
                facts throws(PlanError) in
                var facts = facts
                facts.hostDevices.merge(devices) { _, allocated in allocated }
                return try Planner(drivers: drivers).plan(
                    vm, config: config, attachments: attachments, facts: facts, options: options)
            }
            do throws(ExecutorError) {
                let outcome = try executor.up(request)
                outcomes.append(outcome)
                if output == .text { print(Self.describe(outcome, in: namespace)) }
            } catch {
                if output == .json { try JSONOutput.print(UpOutput(namespace: namespace.path, machines: outcomes, error: error.description)) }
                CommandFailure(message: error.description, status: Self.status(for: error)).exit()
            }
        }
        if output == .json { try JSONOutput.print(UpOutput(namespace: namespace.path, machines: outcomes, error: nil)) }
        if serve { serveThenUnwire(input.machines.map(VMReference.init), executor: executor, in: namespace) }
    }

    /// `--serve`: DHCP for the VMs just wired, by a `vmnet-dhcpd` child, until a signal; then `down` unless
    /// `--keep`. Exits with the daemon's status when it failed.
    private func serveThenUnwire(_ vms: [VMReference], executor: Executor, in namespace: NetworkNamespace) {
        var status: Int32 = 0
        do {
            var plans: [VMPlan] = []
            for vm in vms {
                if let journal = try target.state.journal(of: vm, in: namespace) { plans.append(journal.header.plan) }
            }
            let daemon = try DHCPDaemon.locate()
            let child = try daemon.spawn(DHCPDaemon.plan(for: plans, in: namespace, resolvConfPath: resolvConf))
            status = DHCPDaemon.waitForChild(child)
        } catch let failure as CommandFailure {
            StandardStream.error.write("vmnet: error: \(failure.message)\n")
            status = failure.status
        } catch {
            StandardStream.error.write("vmnet: error: \(error)\n")
            status = 2
        }
        if !keep {
            for vm in vms {
                do throws(ExecutorError) {
                    let outcome = try executor.down(vm)
                    StandardStream.output.write("VM \(vm): unwired, \(outcome.stepsUndone) steps undone\n")
                } catch {
                    StandardStream.error.write("vmnet: error: \(error.description)\n")
                }
            }
        }
        if status != 0 { Glibc.exit(status) }
    }

    /// A refused change of plan is the manifests' problem (1); anything else is the system's (2).
    static func status(for error: ExecutorError) -> Int32 {
        switch error {
        case .planChanged, .planFailed: 1
        default: 2
        }
    }

    static func describe(_ outcome: ApplyOutcome, in namespace: NetworkNamespace) -> String {
        let steps = "\(outcome.stepsMade) step\(outcome.stepsMade == 1 ? "" : "s") made"
        let undone = "\(outcome.stepsUndone) step\(outcome.stepsUndone == 1 ? "" : "s")"
        let what = switch outcome.action {
        case .applied: "wired into the \(namespace): \(steps)"
        case .unchanged: "already wired into the \(namespace) from the same manifests: nothing to do"
        case .replaced: "was wired from other manifests: undid their \(undone), then \(steps)"
        case .resumed: "an earlier `vmnet up` had stopped halfway: undid its \(undone), then \(steps)"
        }
        return "VM \(outcome.vm): \(what) (journal \(outcome.stateFile))"
    }
}

/// The JSON document `vmnet up --output json` prints.
struct UpOutput: Encodable {
    var namespace: String
    var machines: [ApplyOutcome]
    var error: String?
}
