import ArgumentParser
import FoundationEssentials
import VMNetCore
import VMNetEngine
import VMNetLibvirt
import VMNetRuntime

/// `vmnet plan`: a dry run printing, per interface, the pod interface, every host step, the DHCP server and the
/// guest device, and whether the VM can be live-migrated. Nothing on the host changes.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what vmnet would do for each VM, without changing anything.",
        discussion: """
            For each interface: the backend's pod interface, every host step in order, the DHCP server and the \
            libvirt device; then whether the VM can be live-migrated and, if not, which interface prevents it.
            The pod's interfaces come from --pod FILE, or from the illustrative pod: eth0 10.244.0.5/24 via \
            10.244.0.1 (MTU 1500), secondaries net1… on 10.250.0.0/24… (MTU 1450), and a virtual function for \
            each interface whose binding asks for a host device (sriov).
            """
    )

    @OptionGroup var manifests: ManifestOptions
    @OptionGroup var pod: PodOptions
    @OptionGroup var plugins: PluginOptions

    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func validate() throws {
        try manifests.requireFiles()
    }

    func run() throws {
        let plans = try pod.dryRun(files: manifests.allFiles, plugins: plugins).map(\.plan)
        switch output {
        case .json: try JSONOutput.print(plans)
        case .text:
            let backend = pod.planning.natBackend ?? .auto
            print(plans.map { PlanText.render($0, natBackend: backend) }.joined(separator: "\n"), terminator: "")
        }
    }
}

/// The text form of a plan.
enum PlanText {
    /// The plan in words; NAT rules in `nft` syntax when the backend is nftables, else as iptables commands
    /// (`auto` decides in the pod's namespace, which a plan never enters).
    static func render(_ plan: VMPlan, natBackend: NATBackendChoice = .auto) -> String {
        var lines = ["VM \(plan.namespace)/\(plan.name)"]
        if plan.interfaces.isEmpty { lines.append("  no network interfaces") }
        for interface in plan.interfaces {
            let pod = interface.plan.podInterface.map { ", pod interface \($0)\(interface.isPrimary ? " (primary)" : "")" } ?? ""
            lines.append("  interface \(interface.plan.interface): \(interface.binding) binding on \(interface.backend) network \(interface.network)\(pod)")
            if let attachment = interface.attachment { lines.append("    attachment: NetworkAttachmentDefinition \(attachment)") }
            for (label, value) in interface.details.sorted(by: { $0.key < $1.key }) { lines.append("    \(label): \(value)") }
            if interface.plan.steps.isEmpty {
                lines.append("    host steps: none")
            } else {
                lines.append("    host steps:")
                for (number, step) in interface.plan.steps.enumerated() {
                    lines.append("      \(number + 1). \(step)")
                    if case .addNATRules(_, let rules) = step {
                        lines += rules.map { rule in
                            natBackend == .nftables
                                ? "           \(rule.nftablesCommand)"
                                : "           \(rule.family == .ipv4 ? "iptables " : "ip6tables") -t nat \(rule)"
                        }
                    }
                }
            }
            if let dhcp = interface.plan.dhcp {
                lines.append("    dhcp: \(describe(dhcp))")
            } else {
                lines.append("    dhcp: none")
            }
            lines.append("    device:")
            lines += deviceXML(interface.plan.device).split(separator: "\n").map { "      " + $0 }
        }
        if plan.isMigratable {
            lines.append("  live migration: possible")
        } else {
            lines.append("  live migration: not possible")
            lines += plan.migrationBlockers.map { "    - \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func describe(_ dhcp: DHCPServerPlan) -> String {
        var parts = ["on \(dhcp.interface) from \(dhcp.serverAddress)", "lease \(dhcp.clientAddress)"]
        parts.append(dhcp.clientMACAddress.map { "to \($0) only" } ?? "to any client")
        if let router = dhcp.router { parts.append("router \(router)") }
        if !dhcp.routes.isEmpty {
            parts.append("routes " + dhcp.routes.map { "\($0.destination?.description ?? "default") via \($0.gateway?.description ?? "on-link")" }.joined(separator: ", "))
        }
        parts += ["mtu \(dhcp.mtu)", "hostname \(dhcp.hostname)"]
        if let tftp = dhcp.tftpServerName { parts.append("tftp server \(tftp)") }
        if let file = dhcp.bootFileName { parts.append("boot file \(file)") }
        if let servers = dhcp.ntpServers, !servers.isEmpty { parts.append("ntp " + servers.map(\.description).joined(separator: " ")) }
        for option in dhcp.privateOptions ?? [] { parts.append("option \(option.option) \(JSONString.quoted(option.value))") }
        if let v6 = dhcp.ipv6ClientAddress { parts.append("DHCPv6 \(v6)") }
        parts.append("DNS from the pod's resolv.conf")
        return parts.joined(separator: ", ")
    }

    static func deviceXML(_ device: DomainDevice) -> String {
        switch device {
        case .interface(let nic): nic.libvirtXML
        case .hostDevice(let function): function.libvirtXML
        case .qemuCommandLine(let device): "QEMU " + device.arguments.joined(separator: " ")
        }
    }
}
