import Foundation
import Testing
import VMNetConformance

/// A macro that breaks a test plugin (`FAULT_*` of `nonconforming.c`, `BROKEN_*` of `broken.c`) and the checks
/// that must name what it breaks.
struct Fault: CustomTestStringConvertible, Sendable {
    var macro: String
    var failing: [ConformanceCheck]
    var testDescription: String { "\(macro) fails \(failing.map(\.rawValue).joined(separator: ", "))" }
}

@Suite("A plugin that breaks the contract fails the checks that name what it breaks")
struct NonconformingPluginTests {
    static let faults: [Fault] = [
        Fault(macro: "FAULT_PRINTS", failing: [.loadingQuiet]),
        Fault(macro: "FAULT_EXPORTS", failing: [.loadingExports]),
        Fault(macro: "FAULT_RANDOM", failing: [.contractDeterministic]),
        Fault(macro: "FAULT_CRASH", failing: [.contractMalformedRequests]),
        Fault(macro: "FAULT_DHCP", failing: [.capabilitiesDHCP]),
        Fault(macro: "FAULT_IPV6", failing: [.capabilitiesAddressFamilies]),
        Fault(macro: "FAULT_STEP", failing: [.plansStepVocabulary]),
    ]

    static let refusals: [Fault] = [
        Fault(macro: "BROKEN_NO_ENTRY", failing: [.loadingEntrySymbol, .loadingExports]),
        Fault(macro: "BROKEN_ABI", failing: [.loadingABI]),
        Fault(macro: "BROKEN_KIND", failing: [.loadingABI]),
        Fault(macro: "BROKEN_CONTRACT", failing: [.loadingContract]),
        Fault(macro: "BROKEN_LIAR", failing: [.loadingManifest]),
        Fault(macro: "BROKEN_DESCRIBE", failing: [.loadingManifest]),
        Fault(macro: "BROKEN_MANIFEST", failing: [.loadingManifest]),
    ]

    private func report(
        _ source: String, _ defines: [String], live: Bool = false, callTimeout: Duration = .seconds(30)
    ) throws -> ConformanceReport {
        let folder = try TemporaryFolder()
        let file = folder.path + "/libVMNetBindingTest.so"
        try compileCPlugin(source, defines: defines, to: file)
        let options = ConformanceSuite.Options(companions: builtinCompanions, live: live, callTimeout: callTimeout)
        return try ConformanceSuite(plugin: file, options: options).run()
    }

    @Test("without a fault it passes every check")
    func conformsWithoutFaults() throws {
        let report = try report("nonconforming.c", [])
        #expect(report.failedChecks == [], "\(report.failures)")
        #expect(report.plugin?.name == "nonconforming")
    }

    @Test("without a fault it passes the live checks (needs root)",
          .enabled(if: getuid() == 0, "the live checks make network namespaces: run as root"))
    func conformsLiveWithoutFaults() throws {
        let report = try report("nonconforming.c", [], live: true)
        #expect(report.failedChecks == [], "\(report.failures)")
        #expect(report.liveOutcomes.allSatisfy { $0 == .passed })
    }

    @Test("each fault fails exactly the checks that name it", arguments: faults)
    func fault(_ fault: Fault) throws {
        let report = try report("nonconforming.c", [fault.macro])
        #expect(report.failedChecks == fault.failing, "\(report.failures)")
    }

    @Test("every fault at once fails every check that names one, and the crash does not stop the suite")
    func everyFault() throws {
        let report = try report("nonconforming.c", Self.faults.map(\.macro))
        let expected = Self.faults.flatMap(\.failing)
        #expect(report.failedChecks == ConformanceCheck.allCases.filter(expected.contains), "\(report.failures)")
        #expect(report.result(of: .contractMalformedRequests)?.reason.contains("crashed with SIGSEGV on validate request that is not JSON") == true)
        #expect(report.result(of: .timingLatency)?.outcome == .passed)
    }

    @Test("a call that never returns is killed after the timeout and reported, and the suite goes on")
    func hang() throws {
        let report = try report("nonconforming.c", ["FAULT_HANG"], callTimeout: .seconds(2))
        #expect(report.failedChecks == [.contractMalformedRequests], "\(report.failures)")
        #expect(report.result(of: .contractMalformedRequests)?.reason
            == "the plugin did not answer within 2.0 seconds on frobnicate request (an operation vmnet does not have)")
    }

    @Test("a custom step whose revert leaves what it made fails apply-down and rollback (needs root)",
          .enabled(if: getuid() == 0, "the live checks make network namespaces: run as root"))
    func keepsWhatItMade() throws {
        let report = try report("nonconforming.c", ["FAULT_KEEP"], live: true)
        #expect(report.failedChecks == [.liveApplyDown, .liveRollback], "\(report.failures)")
        #expect(report.result(of: .liveApplyDown)?.reason.contains("the namespace differs: + link nc") == true, "\(report.failures)")
        #expect(report.result(of: .liveCustomSteps)?.outcome == .passed)
    }

    @Test("each refusal of vmnet's loader is the loading check that names it; the rest are skipped", arguments: refusals)
    func refusal(_ refusal: Fault) throws {
        let report = try report("broken.c", [refusal.macro])
        #expect(report.failedChecks == refusal.failing, "\(report.failures)")
        #expect(report.plugin == nil)
        #expect(report.result(of: .contractPlan)?.outcome == .skipped)
    }

    @Test("the reasons say what was seen and what to do")
    func reasons() throws {
        let printing = try report("nonconforming.c", ["FAULT_PRINTS"])
        #expect(printing.result(of: .loadingQuiet)?.reason
            == #"loading wrote "nonconforming: loaded\n" on standard output; a plugin must print nothing (vmnet's own output goes there)"#)
        let exporting = try report("nonconforming.c", ["FAULT_EXPORTS"])
        #expect(exporting.result(of: .loadingExports)?.reason.hasPrefix("it also exports nonconforming_helper; build C with -fvisibility=hidden") == true)
        let random = try report("nonconforming.c", ["FAULT_RANDOM"])
        let deterministic = try #require(random.result(of: .contractDeterministic))
        #expect(deterministic.reason.contains("answered differently the second time: at device.interface.acpiIndex"), "\(deterministic.reason)")
        #expect(deterministic.details.count > 1)
    }
}
