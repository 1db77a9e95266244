import ArgumentParser

/// The manifest files a command reads, and the cluster config.
struct ManifestOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A file holding the kubevirt-config ConfigMap (it may also come inside the manifest files).",
        valueName: "file"))
    var config: String?

    @Argument(help: ArgumentHelp(
        "Manifest files: YAML or JSON, one or more documents each (VM, VirtualMachine, VirtualMachineInstance, NetworkAttachmentDefinition, ConfigMap).",
        valueName: "file"))
    var files: [String] = []

    /// Refuses a command line without manifest files, for the commands that need them.
    func requireFiles() throws {
        if files.isEmpty { throw ValidationError("give at least one manifest file") }
    }

    /// The config file first, so a ConfigMap inside the manifests overrides it.
    var allFiles: [String] { (config.map { [$0] } ?? []) + files }
}
