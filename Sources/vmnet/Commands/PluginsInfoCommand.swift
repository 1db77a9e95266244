import ArgumentParser
import FoundationEssentials
import VMNetCore
import VMNetPluginHost

/// `vmnet plugins info NAME`: a loaded plugin's full manifest and where it came from.
struct PluginsInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a loaded plugin's manifest: options, capabilities, file, ABI and contract.",
        discussion: "Exit status: 0 shown, 1 no loaded plugin has that name, 2 usage error."
    )

    @OptionGroup var plugins: PluginOptions

    @Argument(help: ArgumentHelp("The plugin's name, e.g. bridge or multus.", valueName: "name"))
    var name: String

    @Option(name: .long, help: "binding or backend, when a binding and a backend share the name.")
    var kind: PluginKind?

    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func run() throws {
        let registry = plugins.registry()
        let matches = registry.plugins(named: name).filter { kind == nil || $0.kind == kind }
        guard let plugin = matches.first else {
            let loaded = registry.plugins.map(\.name).joined(separator: ", ")
            StandardStream.error.write("vmnet: no loaded plugin is named '\(name)'; loaded: \(loaded) (vmnet plugins list shows refused files)\n")
            throw ExitCode(1)
        }
        guard matches.count == 1 else {
            throw ValidationError("a binding and a backend are both named '\(name)': add --kind binding or --kind backend")
        }
        switch output {
        case .json: try JSONOutput.print(PluginListing.Plugin(plugin, withManifest: true))
        case .text: printText(plugin)
        }
    }

    private func printText(_ plugin: LoadedPlugin) {
        let core = ContractVersion.supported.map(\.description).joined(separator: ", ")
        print("\(plugin.name): \(plugin.kind) plugin, version \(plugin.version)")
        print("  \(plugin.manifest.summary)")
        print("file:          \(plugin.file)")
        print("ABI:           \(plugin.abiVersion)")
        print("contract:      \(plugin.contractVersion) (the plugin speaks \(plugin.contractVersions.joined(separator: ", ")); vmnet speaks \(core))")
        print("loaded in:     \(PluginListing.milliseconds(plugin.loadDuration)) ms")
        print("options:       \(plugin.manifest.options.isEmpty ? "none" : "")")
        for option in plugin.manifest.options {
            print("  \(option.name) (\(option.type.rawValue)): \(option.summary)")
        }
        print("capabilities:")
        for (key, value) in CapabilitySummary.details(of: plugin.manifest) {
            print("  \(key): \(value)")
        }
    }
}

extension PluginKind: ExpressibleByArgument {}
