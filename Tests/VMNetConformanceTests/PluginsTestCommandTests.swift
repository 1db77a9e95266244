import Foundation
import VMNetTestKit
import Testing
import VMNetConformance

@Suite("vmnet plugins test")
struct PluginsTestCommandTests {
    @Test("it prints each check by name with its outcome and reason, the latencies and the totals, and exits 0")
    func passingPlugin() throws {
        let result = try run(vmnetExecutable, ["plugins", "test", buildFolder + "/libVMNetBindingSlirp.so"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "\(buildFolder)/libVMNetBindingSlirp.so: binding plugin 'slirp' 0.1.0, contract 1.3")
        #expect(lines.contains { $0.hasPrefix("PASS  loading.open ") })
        #expect(lines.contains { $0.hasPrefix("PASS  capabilities.dhcp ") && $0.hasSuffix("plans has a DHCP server, as declared") })
        #expect(lines.contains { $0.hasPrefix("SKIP  live.apply-down ") && $0.hasSuffix("run `vmnet plugins test --netns-scratch` as root") })
        #expect(lines.contains { $0.hasPrefix("  plan: ") && $0.contains(" calls, median ") })
        #expect(lines.last == "25 checks: 21 passed, 0 failed, 4 skipped")
    }

    @Test("--output json prints the report, which decodes as a ConformanceReport")
    func json() throws {
        let result = try run(vmnetExecutable, ["plugins", "test", "--output", "json", buildFolder + "/libVMNetBackendMultus.so"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(ConformanceReport.self, from: Data(result.stdout.utf8))
        #expect(report.plugin?.name == "multus" && report.plugin?.kind == .backend)
        #expect(report.passed)
        #expect(report.results.map(\.check) == ConformanceCheck.applicable(to: .backend))
    }

    @Test("a failing check makes it exit 1, naming the check and why")
    func failingPlugin() throws {
        let folder = try TemporaryFolder()
        let file = folder.path + "/libVMNetBindingNonconforming.so"
        try compileCPlugin("nonconforming.c", defines: ["FAULT_DHCP"], to: file)
        let result = try run(vmnetExecutable, ["plugins", "test", "--plugin-path", buildFolder, file])
        #expect(result.status == 1)
        let failures = result.stdout.split(separator: "\n").filter { $0.hasPrefix("FAIL") }
        #expect(failures.count == 1)
        #expect(failures.first?.hasPrefix("FAIL  capabilities.dhcp ") == true)
        #expect(failures.first?.contains("plans a DHCP server, but the manifest declares servesDHCP false") == true)
    }

    @Test("a file that does not exist is a usage error (exit 2)")
    func missingFile() throws {
        let result = try run(vmnetExecutable, ["plugins", "test", "/nonexistent/libVMNetBindingNone.so"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/libVMNetBindingNone.so: no such file"))
    }

    @Test("--netns-scratch runs the live checks in a namespace it makes and deletes (needs root)",
          .enabled(if: getuid() == 0, "the live checks make network namespaces: run as root"))
    func live() throws {
        let result = try run(vmnetExecutable, ["plugins", "test", "--netns-scratch", buildFolder + "/libVMNetBindingMasquerade.so"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("PASS  live.rollback "))
        #expect(!result.stdout.contains("SKIP"))
        // Its namespaces carry its process ID; other tests' `plugins test` runs make theirs meanwhile.
        #expect(try scratchNamespaces().filter { $0.hasPrefix("vmnet-conformance-\(result.pid)-") }.isEmpty)
    }

    /// The scratch namespaces of other processes than this one (whose own tests make theirs in parallel).
    private func scratchNamespaces() throws -> Set<String> {
        let names = try run("/usr/sbin/ip", ["netns", "list"]).stdout.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        return Set(names.filter { $0.hasPrefix("vmnet-conformance-") && !$0.hasPrefix("vmnet-conformance-\(getpid())-") })
    }
}
