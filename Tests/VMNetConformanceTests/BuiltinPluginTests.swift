import Foundation
import Testing
import VMNetConformance
import VMNetCore

@Suite("The nine built-in plugins conform")
struct BuiltinPluginTests {
    @Test("each passes every check that needs no namespace, and skips the live ones", arguments: builtinPlugins)
    func conforms(file: String) throws {
        let report = try ConformanceSuite(plugin: buildFolder + "/" + file, options: .init(companions: builtinCompanions)).run()
        #expect(report.failedChecks == [], "\(report.failures)")
        let kind = try #require(report.plugin?.kind)
        #expect(report.results.map(\.check) == ConformanceCheck.applicable(to: kind))
        #expect(report.results.filter { $0.outcome == .skipped }.map(\.check) == ConformanceCheck.applicable(to: kind).filter(\.isLive))
        #expect(Set(report.timings.map(\.operation)).isSuperset(of: ["describe", "validate", "plan"]))
    }

    @Test("each wires a scratch namespace and leaves it exactly as it was (needs root)",
          .enabled(if: getuid() == 0, "the live checks make network namespaces: run as root"),
          arguments: builtinPlugins)
    func conformsLive(file: String) throws {
        let report = try ConformanceSuite(
            plugin: buildFolder + "/" + file, options: .init(companions: builtinCompanions, live: true)
        ).run()
        #expect(report.failedChecks == [], "\(report.failures)")
        #expect(!report.liveOutcomes.isEmpty && report.liveOutcomes.allSatisfy { $0 == .passed })
    }

    @Test("the bridge binding's live checks wire real steps: apply then down, twice, and a failure at each step",
          .enabled(if: getuid() == 0, "the live checks make network namespaces: run as root"))
    func bridgeWiresSteps() throws {
        let report = try ConformanceSuite(
            plugin: buildFolder + "/libVMNetBindingBridge.so", options: .init(companions: builtinCompanions, live: true)
        ).run()
        let rollback = try #require(report.result(of: .liveRollback))
        #expect(rollback.outcome == .passed)
        #expect(rollback.reason.contains("a failure injected at each of"), "\(rollback.reason)")
    }
}
