import ArgumentParser
import VMNetPluginHost

/// `vmnet plugins list`: one line per loaded plugin, then every refused or shadowed file with its reason.
struct PluginsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the loaded plugins, then every refused or shadowed file with its reason.",
        discussion: "Exit status: 0, whatever was refused; 2 usage error."
    )

    @OptionGroup var plugins: PluginOptions

    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func run() throws {
        let registry = plugins.registry()
        switch output {
        case .json: try JSONOutput.print(PluginListing(registry))
        case .text: printText(registry)
        }
    }

    private func printText(_ registry: PluginRegistry) {
        if registry.plugins.isEmpty {
            print("no plugins loaded; searched \(registry.searchPath.folders.map(\.path).joined(separator: ":"))")
        } else {
            let rows = [["NAME", "KIND", "VERSION", "CONTRACT", "CAPABILITIES", "FILE"]]
                + registry.plugins.map {
                    [$0.name, $0.kind.rawValue, $0.version, $0.contractVersion.description,
                     CapabilitySummary.text(of: $0.manifest), $0.file]
                }
            for line in TextTable.lines(rows) { print(line) }
        }
        for (title, files) in [("refused", registry.refused.filter { !$0.isShadowed }), ("shadowed", registry.shadowed)]
        where !files.isEmpty {
            print("\n\(title):")
            for refusal in files {
                print("  \(refusal.path): \(refusal.message) [\(refusal.reason)]")
            }
        }
    }
}
