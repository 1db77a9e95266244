import Glibc
import Testing
import VMNetConformance
import VMNetPluginHost

/// `swift build` puts the plugin and vmnet-plugin-probe (the process the suite runs it in) beside the test binary;
/// the companion plugins (vmnet's built-in backends) come from the standard search path: an installed vmnet, or
/// `VMNET_PLUGIN_PATH`.
let plugin = PluginSearchPath.executableFolder! + "/libVMNetBindingTap.so"

@Suite("The tap binding conforms to vmnet's plugin contract")
struct ConformanceTests {
    @Test("it passes every check that needs no network namespace")
    func conforms() throws {
        let report = try ConformanceSuite(plugin: plugin).run()
        #expect(report.plugin?.name == "tap")
        #expect(report.failedChecks == [], "\(report.results.filter { $0.outcome == .failed })")
    }

    @Test("it wires a scratch namespace and leaves it exactly as it was (needs root)",
          .enabled(if: getuid() == 0, "the live checks make network namespaces: run as root"))
    func conformsLive() throws {
        let report = try ConformanceSuite(plugin: plugin, options: .init(live: true)).run()
        #expect(report.failedChecks == [], "\(report.results.filter { $0.outcome == .failed })")
        #expect(report.results.filter { $0.check.isLive }.allSatisfy { $0.outcome == .passed })
    }
}
