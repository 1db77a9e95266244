import ArgumentParser
import FoundationEssentials
import VMNetCore
import VMNetEngine
import VMNetManifest

/// `vmnet validate`: decodes and checks manifests, printing every diagnostic at once.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check VM manifests and print every problem at once.",
        discussion: """
            Each diagnostic is one line, compiler style:
              file:line:column: error|warning: field.path: message [rule-id]
            Rule ids are explained in docs/troubleshooting.md. Warnings mark fields that are accepted but have \
            no effect; they do not make a manifest invalid.

            Exit status: 0 valid (warnings allowed), 1 invalid, 2 usage error, unreadable file or malformed YAML.
            """
    )

    @OptionGroup var manifests: ManifestOptions

    @OptionGroup var plugins: PluginOptions

    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func validate() throws {
        try manifests.requireFiles()
    }

    func run() throws {
        let drivers = plugins.drivers()
        let decoder = ManifestDecoder(drivers: drivers)
        var set = ManifestSet()
        var unreadable: [Diagnostic] = []
        for file in manifests.allFiles {
            do {
                set.append(try decoder.decode(contentsOf: file))
            } catch {
                unreadable.append(error.diagnostic)
            }
        }
        let report = set.validate(with: Validator(drivers: drivers))
        let diagnostics = unreadable + report.diagnostics
        switch output {
        case .text: printText(diagnostics, report: report)
        case .json: try JSONOutput.print(ValidationOutput(report: report, diagnostics: diagnostics))
        }
        throw ExitCode(!unreadable.isEmpty ? 2 : report.isValid ? 0 : 1)
    }

    private func printText(_ diagnostics: [Diagnostic], report: ValidationReport) {
        for diagnostic in diagnostics {
            print(diagnostic.formatted)
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        let vms = report.machines.count
        let files = manifests.allFiles.count
        print("\(vms) VM\(vms == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s"): "
            + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
    }
}

/// The JSON document `vmnet validate --output json` prints.
struct ValidationOutput: Encodable {
    struct Machine: Encodable {
        var name: String
        var namespace: String
        var file: String
        var valid: Bool
    }

    var valid: Bool
    var machines: [Machine]
    var diagnostics: [Diagnostic]

    init(report: ValidationReport, diagnostics: [Diagnostic]) {
        valid = !diagnostics.containsErrors
        machines = report.machines.map { Machine(name: $0.vm.name, namespace: $0.vm.namespace, file: $0.file, valid: $0.isValid) }
        self.diagnostics = diagnostics
    }
}
