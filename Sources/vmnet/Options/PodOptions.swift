import ArgumentParser
import Foundation
import VMNetCore

/// Where a dry run takes the pod's interfaces from: a `--pod` description file, or the documented illustrative pod.
struct PodOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A JSON file describing the pod's interfaces ({\"interfaces\": [{\"name\", \"macAddress\", \"mtu\", \"addresses\", \"routes\"}], \"hostDevices\": {network: pci}}). Without it (and without --netns) the illustrative pod of docs/cli.md is used.",
        valueName: "file"))
    var pod: String?

    @Flag(name: .long, help: "Give the illustrative pod's eth0 a global IPv6 address (fd00:10:244::5/64) as well.")
    var ipv6 = false

    @Option(name: .long, help: "How secondary pod interfaces are named: ordinal (net1, net2, …) or hashed (pod<sha256>).")
    var naming: InterfaceNaming = .ordinal

    @Option(name: .customLong("cni-conf-dir"), help: ArgumentHelp(
        "The node's CNI config folder, where genie networks are looked up by CNI type.", valueName: "dir"))
    var cniConfigDirectory: String = BackendPlanRequest.defaultCNIConfigDirectory

    /// The planner's options from these flags.
    var plannerOptions: Planner.Options {
        Planner.Options(naming: naming, cniConfigDirectory: cniConfigDirectory)
    }

    /// The facts from `--pod`, or the illustrative pod with a virtual function for each of `vm`'s networks.
    func facts(for vm: VirtualMachine) throws -> PodFacts {
        guard let pod else {
            return IllustrativePod.facts(withIPv6: ipv6, hostDeviceNetworks: (vm.networks ?? []).map(\.name))
        }
        do {
            return try JSONDecoder().decode(PodFacts.self, from: Data(contentsOf: URL(fileURLWithPath: pod)))
        } catch {
            throw CommandFailure(message: "cannot read the pod description \(pod): \(error)", status: 2)
        }
    }
}

extension InterfaceNaming: ExpressibleByArgument {}
