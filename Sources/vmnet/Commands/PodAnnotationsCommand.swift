import ArgumentParser
import FoundationEssentials
import VMNetCore
import VMNetWiring

/// `vmnet pod-annotations`: the controller side — the annotations and resource requests the launcher pod needs.
struct PodAnnotationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pod-annotations",
        abstract: "Print the annotations and resource requests a VM's launcher pod needs.",
        discussion: """
            k8s.v1.cni.cncf.io/networks (Multus secondary networks, in interface order, with mac and interface), \
            v1.multus-cni.io/default-network (a multus default network), cni (genie networks), and one device-plugin \
            resource per network whose NetworkAttachmentDefinition has the k8s.v1.cni.cncf.io/resourceName \
            annotation. Every NetworkAttachmentDefinition a multus network uses must be among the files.
            """
    )

    /// The output formats of this command.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case yaml, json
    }

    @OptionGroup var manifests: ManifestOptions
    @OptionGroup var plugins: PluginOptions

    @OptionGroup var naming: NamingOption

    @Option(name: .long, help: "Output format: yaml (a pod metadata snippet per VM) or json.")
    var output: Format = .yaml

    /// One VM's annotations, as printed.
    struct Entry: Encodable {
        var name: String
        var namespace: String
        var annotations: [String: String]
        var resources: [String: Int]
    }

    func run() throws {
        let drivers = plugins.drivers()
        let input = try Wiring(drivers: drivers).validManifests(files: manifests.allFiles)
        var entries: [Entry] = []
        for vm in input.machines {
            do {
                let result = try Planner(drivers: drivers).podAnnotations(
                    vm, config: input.config, attachments: input.attachments,
                    options: Planner.Options(naming: naming.naming, cniConfigDirectory: nil))
                entries.append(Entry(name: vm.name, namespace: vm.namespace, annotations: result.annotations, resources: result.resources))
            } catch {
                CommandFailure(message: "VM \(vm.name): \(error.message)").exit()
            }
        }
        switch output {
        case .json: try JSONOutput.print(entries)
        case .yaml: print(entries.map(yaml).joined(separator: "---\n"), terminator: "")
        }
    }

    private func yaml(_ entry: Entry) -> String {
        var lines = ["# VM \(entry.namespace)/\(entry.name)", "metadata:"]
        if entry.annotations.isEmpty {
            lines.append("  annotations: {}")
        } else {
            lines.append("  annotations:")
            lines += entry.annotations.sorted { $0.key < $1.key }.map { "    \($0.key): \(quoted($0.value))" }
        }
        if !entry.resources.isEmpty {
            lines += ["resources:", "  requests:"]
            lines += entry.resources.sorted { $0.key < $1.key }.map { "    \($0.key): \(quoted(String($0.value)))" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func quoted(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    }
}
