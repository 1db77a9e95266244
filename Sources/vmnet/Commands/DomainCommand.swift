import ArgumentParser
import FoundationEssentials
import VMNetCore
import VMNetLibvirt
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
            """
    )

    @OptionGroup var manifests: ManifestOptions
    @OptionGroup var pod: PodOptions
    @OptionGroup var plugins: PluginOptions

    @Flag(name: .long, help: "Print only a <devices> element with the network devices.")
    var devicesOnly = false

    func run() throws {
        let plugins = self.plugins
        let wiring: Wiring
        do {
            wiring = try pod.wiring(drivers: plugins.drivers())
        } catch {
            error.exit()
        }
        let input = try wiring.validManifests(files: manifests.allFiles)
        let libvirt: LibvirtConnection
        do {
            libvirt = try LibvirtConnection()
        } catch {
            CommandFailure(message: "cannot open libvirt's test driver: \(error)", status: 3).exit()
        }
        var documents: [String] = []
        for vm in input.machines {
            let plan: VMPlan
            do {
                plan = try wiring.plan(vm, of: input, facts: try pod.facts(for: vm, of: input, in: wiring))
            } catch let error as WiringError {
                CommandFailure(error).exit()
            } catch let failure as CommandFailure {
                failure.exit()
            }
            let cpu = vm.cpu ?? CPUTopology()
            let domain = DomainDefinition(
                name: vm.name,
                topology: .init(sockets: cpu.sockets ?? 1, cores: cpu.cores ?? 1, threads: cpu.threads ?? 1),
                devices: plan.devices)
            do {
                _ = try libvirt.check(domain)
            } catch {
                CommandFailure(message: "internal error: libvirt rejected the domain of VM \(vm.name): \(error)", status: 3).exit()
            }
            documents.append(devicesOnly ? devicesXML(plan.devices) : domain.libvirtXML)
        }
        print(documents.joined(separator: "\n"), terminator: "")
    }

    private func devicesXML(_ devices: DomainDevices) -> String {
        devices.libvirtXML + (devices.qemuCommandLineXML ?? "")
    }
}
