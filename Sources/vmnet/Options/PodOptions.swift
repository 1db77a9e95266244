import ArgumentParser
import FoundationEssentials
import VMNetCore
import VMNetEngine
import VMNetSystem
import VMNetRuntime
import VMNetWiring

/// Where a dry run takes the pod's interfaces from: a `--pod` description file, or the documented illustrative pod.
struct PodOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A JSON file describing the pod's interfaces ({\"interfaces\": [{\"name\", \"macAddress\", \"mtu\", \"addresses\", \"routes\"}], \"hostDevices\": {network: pci}}). Without it (and without --netns) the illustrative pod of docs/cli.md is used.",
        valueName: "file"))
    var pod: String?

    @Option(name: .customLong("netns"), help: ArgumentHelp(
        "Read the pod's interfaces from this network namespace (`ip netns` name) through netlink; for a VM already wired there, the facts recorded before wiring.",
        valueName: "name"))
    var netns: String?

    @Option(name: .customLong("netns-path"), help: ArgumentHelp(
        "The same for a namespace file, e.g. /proc/self/ns/net. `vmnet domain` without manifest files prints the domains of the VMs journaled there (vmnet up's, or vmnet-cni's, found by the namespace's identity).",
        valueName: "path"))
    var netnsPath: String?

    @OptionGroup var container: CNIContainerOption

    @Option(name: .customLong("state-dir"), help: ArgumentHelp("With --netns: where vmnet up keeps its journals.", valueName: "dir"))
    var stateDirectory: String = StateDirectory.defaultPath

    @Flag(name: .long, help: "Give the illustrative pod's eth0 a global IPv6 address (fd00:10:244::5/64) as well.")
    var ipv6 = false

    @OptionGroup var planning: PlanningOptions

    func validate() throws {
        if [netns, netnsPath, container.containerID].compactMap({ $0 }).count > 1 {
            throw ValidationError("give one of --netns, --netns-path and --cni-container")
        }
    }

    /// The namespace `--netns`, `--netns-path` or `--cni-container` names; an unknown container exits.
    var namespace: NetworkNamespace? {
        if let netns { return NetworkNamespace(name: netns) }
        if let netnsPath { return NetworkNamespace(path: netnsPath) }
        do {
            return try container.namespace(in: state)
        } catch {
            error.exit()
        }
    }

    /// The state directory.
    var state: StateDirectory { StateDirectory(path: stateDirectory) }

    /// Every VM of `files`, validated and planned against this pod, changing nothing: what `plan` and `domain`
    /// print. Diagnostics and failures are printed, and the process exits.
    func dryRun(files: [String], plugins: PluginOptions) throws -> [(vm: VirtualMachine, plan: VMPlan)] {
        let wiring: Wiring
        do {
            wiring = Wiring(drivers: plugins.drivers(), pod: try planning.pod.context(), options: planning.wiringOptions())
        } catch {
            error.exit()
        }
        let input = try wiring.validManifests(files: files)
        var plans: [(vm: VirtualMachine, plan: VMPlan)] = []
        for vm in input.machines {
            do {
                plans.append((vm, try wiring.plan(vm, of: input, facts: try facts(for: vm, of: input, in: wiring))))
            } catch let error as WiringError {
                CommandFailure(error).exit()
            } catch let failure as CommandFailure {
                failure.exit()
            }
        }
        return plans
    }

    /// The facts from `--pod`, or the illustrative pod with a virtual function for each host device `vm`'s bindings
    /// ask for; the virtual functions given by the pod's context (network-status device-info, `PCIDEVICE_*`)
    /// replace those.
    func facts(for vm: VirtualMachine, of manifests: Manifests, in wiring: Wiring) throws(CommandFailure) -> PodFacts {
        let context = wiring.pod
        let claims: [HostDeviceClaim]
        let allocated: [String: PCIAddress]?
        do {
            claims = try wiring.hostDeviceClaims(vm, of: manifests)
            allocated = try context.givenSource.map { source throws(WiringError) in
                try context.virtualFunctions(for: claims, of: vm, from: source)
            }
        } catch {
            throw CommandFailure(error)
        }
        var facts: PodFacts
        if let namespace {
            do throws(ExecutorError) {
                facts = try PodFactsReader(stateDirectory: state).facts(of: VMReference(vm), in: namespace)
            } catch {
                throw CommandFailure(message: error.description, status: 2)
            }
        } else if let pod {
            do {
                facts = try JSONDecoder().decode(PodFacts.self, from: Data(readAll(pod)))
            } catch let error as SystemError {
                throw CommandFailure(message: "cannot read the pod description \(pod): \(error.reason)", status: 2)
            } catch {
                throw CommandFailure(message: "the pod description \(pod) is not a pod's facts: \(error)", status: 2)
            }
        } else {
            let fakeFunctions = allocated == nil ? claims.map(\.network) : []
            facts = IllustrativePod.facts(withIPv6: ipv6, hostDeviceNetworks: fakeFunctions)
        }
        facts.hostDevices.merge(allocated ?? [:]) { _, allocated in allocated }
        return facts
    }
}
