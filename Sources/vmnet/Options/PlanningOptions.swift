import ArgumentParser
import VMNetCore
import VMNetRuntime
import VMNetWiring

/// The host's choices a plan depends on, and the pod's context: shared by `plan`, `domain` and `up`.
struct PlanningOptions: ParsableArguments {
    @OptionGroup var naming: NamingOption

    @Option(name: .customLong("tap-owner"), help: ArgumentHelp("The user that owns the taps (QEMU's; KubeVirt uses 107 for non-root VMs).", valueName: "uid"))
    var tapOwner: UInt32 = 0

    @Option(name: .customLong("tap-group"), help: ArgumentHelp("The group that owns the taps.", valueName: "gid"))
    var tapGroup: UInt32 = 0

    @Option(name: .customLong("cni-conf-dir"), help: ArgumentHelp(
        "The node's CNI config folder, where a backend looks up networks by CNI type.", valueName: "dir"))
    var cniConfigDirectory: String = BackendPlanRequest.defaultCNIConfigDirectory

    @Option(name: .customLong("nat-backend"), help: ArgumentHelp(
        "The firewall API of NAT rules: auto (nftables where nf_tables works in the pod's namespace, else iptables), nftables or iptables. Without it, the ConfigMap's natBackend, else auto.",
        valueName: "backend"))
    var natBackend: NATBackendChoice?

    @OptionGroup var pod: PodContextOptions

    /// The pipeline's options from these flags and the state directory, replace flag and test hooks given.
    func wiringOptions(
        stateDirectory: StateDirectory = StateDirectory(), replace: Bool = false, faults: FaultInjection = .none
    ) -> Wiring.Options {
        Wiring.Options(
            naming: naming.naming, tapOwner: tapOwner, tapGroup: tapGroup, cniConfigDirectory: cniConfigDirectory,
            stateDirectory: stateDirectory, replace: replace, natBackend: natBackend, faults: faults)
    }
}

extension NATBackendChoice: ExpressibleByArgument {}
