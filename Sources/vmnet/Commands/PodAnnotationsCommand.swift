import ArgumentParser
import FoundationEssentials
import VMNetCore
import VMNetEngine
import VMNetManifest
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

    @Option(name: .customLong("cni-binding"), help: ArgumentHelp(
        "Have Multus run vmnet-cni for every interface: after each network's own element, an element naming this NetworkAttachmentDefinition (deploy/kubernetes/vmnet-binding-nad.yaml) with the network and the VM's networking in cni-args.",
        valueName: "namespace/name"))
    var cniBinding: String?

    @Option(name: .long, help: "Output format: yaml (a pod metadata snippet per VM) or json.")
    var output: Format = .yaml

    /// One VM's annotations, as printed.
    struct Entry: Encodable {
        var name: String
        var namespace: String
        var annotations: [String: String]
        var resources: [String: Int]
    }

    func validate() throws {
        try manifests.requireFiles()
        if let cniBinding, CNIBindingElements(cniBinding) == nil {
            throw ValidationError("--cni-binding takes the NetworkAttachmentDefinition as namespace/name, not '\(cniBinding)'")
        }
    }

    func run() throws {
        let drivers = plugins.drivers()
        let input = try Wiring(drivers: drivers).validManifests(files: manifests.allFiles)
        let documents = try cniBinding == nil ? [] : networkingDocuments()
        let planner = Planner(drivers: drivers)
        let options = Planner.Options(naming: naming.naming, cniConfigDirectory: nil)
        var entries: [Entry] = []
        for (index, vm) in input.machines.enumerated() {
            do {
                var result = try planner.podAnnotations(
                    vm, config: input.config, attachments: input.attachments, options: options)
                if let binding = cniBinding.flatMap(CNIBindingElements.init) {
                    let assignments = try planner.assignPodInterfaces(
                        vm, config: input.config, attachments: input.attachments, options: options)
                    result.annotations[Self.networksAnnotation] = binding.networks(
                        result.annotations[Self.networksAnnotation], for: vm, document: documents[index].json(name: vm.name, namespace: vm.namespace),
                        assignments: assignments)
                }
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

    /// Multus's list of network selection elements.
    static let networksAnnotation = "k8s.v1.cni.cncf.io/networks"

    /// The networking document of every VM of the manifest files, in the order the VMs were read.
    private func networkingDocuments() throws -> [NetworkingDocument] {
        var documents: [NetworkingDocument] = []
        for file in manifests.allFiles {
            do {
                documents += try NetworkingDocument.documents(contentsOf: file)
            } catch {
                CommandFailure(message: error.diagnostic.formatted, status: 2).exit()
            }
        }
        return documents
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
