import ArgumentParser
import FoundationEssentials
import VMNetCore
import VMNetSystem
import VMNetRuntime

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

    @Option(name: .customLong("state-dir"), help: ArgumentHelp("With --netns: where vmnet up keeps its journals.", valueName: "dir"))
    var stateDirectory: String = StateDirectory.defaultPath

    @Flag(name: .long, help: "Give the illustrative pod's eth0 a global IPv6 address (fd00:10:244::5/64) as well.")
    var ipv6 = false

    @Option(name: .long, help: "How secondary pod interfaces are named: ordinal (net1, net2, …) or hashed (pod<sha256>).")
    var naming: InterfaceNaming = .ordinal

    @Option(name: .customLong("cni-conf-dir"), help: ArgumentHelp(
        "The node's CNI config folder, where genie networks are looked up by CNI type.", valueName: "dir"))
    var cniConfigDirectory: String = BackendPlanRequest.defaultCNIConfigDirectory

    @OptionGroup var status: PodStatusOptions

    /// The planner's options from these flags and the pod's network status.
    func plannerOptions(_ status: PodStatus) -> Planner.Options {
        Planner.Options(naming: naming, cniConfigDirectory: cniConfigDirectory, networkStatus: status.entries)
    }

    /// The facts from `--pod`, or the illustrative pod with a virtual function for each of `vm`'s networks; the
    /// virtual functions given by the pod's status (network-status device-info, `PCIDEVICE_*`) replace those.
    func facts(
        for vm: VirtualMachine, attachments: [NetworkAttachmentDefinition], status: PodStatus
    ) throws(CommandFailure) -> PodFacts {
        let allocated = try status.givenSource.map { source throws(CommandFailure) in
            try status.virtualFunctions(for: vm, attachments: attachments, from: source)
        }
        var facts: PodFacts
        if let netns {
            do throws(ExecutorError) {
                facts = try PodFactsReader(stateDirectory: StateDirectory(path: stateDirectory))
                    .facts(of: VMReference(vm), in: NetworkNamespace(name: netns))
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
            let fakeFunctions = allocated == nil ? (vm.networks ?? []).map(\.name) : []
            facts = IllustrativePod.facts(withIPv6: ipv6, hostDeviceNetworks: fakeFunctions)
        }
        facts.hostDevices.merge(allocated ?? [:]) { _, allocated in allocated }
        return facts
    }
}

extension InterfaceNaming: ExpressibleByArgument {}
