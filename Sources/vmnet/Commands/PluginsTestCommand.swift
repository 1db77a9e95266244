import ArgumentParser
import FoundationEssentials
import Glibc
import VMNetConformance
import VMNetCore
import VMNetPluginHost
import VMNetRuntime

/// `vmnet plugins test FILE`: the conformance suite against one plugin file, each check by name with its reason.
struct PluginsTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Check that a plugin file conforms to vmnet's plugin contract.",
        discussion: """
            Loads the plugin as vmnet does, sends it the spec's examples and generated variants, malformed and \
            unexpected requests, checks its declared capabilities against its plans and the core's checks, and \
            times every call. The plugin runs in a child process, `vmnet-plugin-probe` (found beside vmnet or in \
            ../libexec/vmnet), so a crash is a failed check. The built-in plugins found in the search path (see \
            --plugin-path) give a binding its backends and a backend its bindings. With --netns-scratch (as root) it also wires a scratch network namespace: apply then down \
            must leave it as before, apply twice must change nothing, and a failure at each step must roll back. \
            docs/writing-a-plugin.md explains every check.

            Exit status: 0 every check passed (skipped ones aside), 1 a check failed, 2 usage error or the suite \
            could not run.
            """
    )

    @OptionGroup var plugins: PluginOptions

    @Argument(help: ArgumentHelp("The plugin's .so file.", valueName: "file"))
    var file: String

    @Flag(name: .customLong("netns-scratch"), help: "Also run the live checks in a scratch network namespace (needs root).")
    var netnsScratch = false

    @Option(name: .customLong("nat-backend"), help: ArgumentHelp(
        "With --netns-scratch: the firewall API the live checks make NAT rules with (auto, nftables or iptables).",
        valueName: "backend"))
    var natBackend: NATBackendChoice = .auto

    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func validate() throws {
        guard FileManager.default.fileExists(atPath: file) else { throw ValidationError("\(file): no such file") }
        if netnsScratch, geteuid() != 0 {
            throw ValidationError("--netns-scratch makes and wires network namespaces: run as root")
        }
    }

    func run() throws {
        // A relative path would be searched for by dlopen; the suite checks exactly the file named.
        let path = URL(fileURLWithPath: file).standardizedFileURL.path
        let suite = ConformanceSuite(
            plugin: path,
            options: ConformanceSuite.Options(companions: .standard(options: plugins.pluginPaths), live: netnsScratch,
                natBackend: natBackend))
        let report: ConformanceReport
        do {
            report = try suite.run()
        } catch {
            CommandFailure(message: error.description, status: 2).exit()
        }
        switch output {
        case .json: try JSONOutput.print(report)
        case .text: print(Self.text(report), terminator: "")
        }
        if !report.passed { throw ExitCode(1) }
    }

    /// One line per check, then the latencies and the totals.
    static func text(_ report: ConformanceReport) -> String {
        let what = report.plugin.map { "\($0.kind) plugin '\($0.name)' \($0.version), contract \($0.contractVersion)" } ?? "a plugin that did not load"
        var lines = ["\(report.file): \(what)"]
        let width = report.results.map(\.check.rawValue.count).max() ?? 0
        for result in report.results {
            let mark = switch result.outcome {
            case .passed: "PASS"
            case .failed: "FAIL"
            case .skipped: "SKIP"
            }
            lines.append("\(mark)  \(TextTable.pad(result.check.rawValue, to: width))  \(result.reason)")
        }
        if let plugin = report.plugin {
            lines.append("")
            lines.append("latency: load \(OperationTiming.format(plugin.loadMilliseconds)) ms")
            lines += report.timings.map { "  \($0.summary)" }
        }
        let count = { (outcome: CheckResult.Outcome) in report.results.filter { $0.outcome == outcome }.count }
        lines.append("")
        lines.append("\(report.results.count) checks: \(count(.passed)) passed, \(count(.failed)) failed, \(count(.skipped)) skipped")
        return lines.joined(separator: "\n") + "\n"
    }
}
