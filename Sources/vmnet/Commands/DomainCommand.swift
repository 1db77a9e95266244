import ArgumentParser
import FoundationEssentials
import VMNetCore
import VMNetEngine
import VMNetLibvirt
import VMNetRuntime
import VMNetWiring

/// `vmnet domain`: the libvirt domain XML of each VM's networking, checked by libvirt itself before it is printed.
struct DomainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "domain",
        abstract: "Print the libvirt domain XML of each VM's networking, checked by libvirt.",
        discussion: """
            Prints a complete minimal domain named after the VM, or with --devices-only a <devices> element with \
            just the network devices (and, for slirp, the <qemu:commandline> arguments). Every domain is first \
            defined on libvirt's test:///default driver in-process; a rejection is an internal error naming \
            libvirt's message (exit 3).

            Without manifest files, --netns or --netns-path names a wired pod: the domains come from the plans \
            journaled there by vmnet up or vmnet-cni (one journal per CNI attachment, merged per VM in interface \
            order), so a launcher needs no manifest. Such a domain has one vCPU: the journal holds no topology.
            """
    )

    @OptionGroup var manifests: ManifestOptions
    @OptionGroup var pod: PodOptions
    @OptionGroup var plugins: PluginOptions

    @Flag(name: .long, help: "Print only a <devices> element with the network devices.")
    var devicesOnly = false

    func validate() throws {
        if manifests.files.isEmpty, pod.namespace == nil {
            throw ValidationError("give manifest files, or name a wired pod with --netns or --netns-path")
        }
    }

    func run() throws {
        let libvirt: LibvirtConnection
        do {
            libvirt = try LibvirtConnection()
        } catch {
            CommandFailure(message: "cannot open libvirt's test driver: \(error)", status: 3).exit()
        }
        let domains = manifests.files.isEmpty ? try journaledDomains() : try plannedDomains()
        var documents: [String] = []
        for domain in domains {
            do {
                _ = try libvirt.check(domain)
            } catch {
                CommandFailure(message: "internal error: libvirt rejected the domain of VM \(domain.name): \(error)", status: 3).exit()
            }
            documents.append(devicesOnly ? devicesXML(domain.devices) : domain.libvirtXML)
        }
        print(documents.joined(separator: "\n"), terminator: "")
    }

    /// The domains of the VMs journaled in the pod, one per VM, its interfaces in the order they were wired.
    private func journaledDomains() throws -> [DomainDefinition] {
        let journals = pod.state.wiredJournals(in: pod.namespace!)
        var plans: [VMPlan] = []
        for journal in journals.sorted(by: { $0.header.vm.name < $1.header.vm.name }) {
            let plan = journal.header.plan
            if let index = plans.firstIndex(where: { $0.name == plan.name && $0.namespace == plan.namespace }) {
                plans[index].interfaces += plan.interfaces
            } else {
                plans.append(plan)
            }
        }
        return plans.map { DomainDefinition(name: $0.name, topology: .init(sockets: 1, cores: 1, threads: 1), devices: $0.devices) }
    }

    /// The domains of the manifests' VMs, planned against the pod's facts.
    private func plannedDomains() throws -> [DomainDefinition] {
        try pod.dryRun(files: manifests.allFiles, plugins: plugins).map { vm, plan in
            let cpu = vm.cpu ?? CPUTopology()
            return DomainDefinition(
                name: vm.name,
                topology: .init(sockets: cpu.sockets ?? 1, cores: cpu.cores ?? 1, threads: cpu.threads ?? 1),
                devices: plan.devices)
        }
    }

    private func devicesXML(_ devices: DomainDevices) -> String {
        devices.libvirtXML + (devices.qemuCommandLineXML ?? "")
    }
}
