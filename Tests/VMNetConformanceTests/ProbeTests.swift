import Foundation
import VMNetTestKit
import Testing

/// The probe the suite runs each plugin in, as `swift build` leaves it beside vmnet and the test binary.
private let probeExecutable = buildFolder + "/vmnet-plugin-probe"

@Suite("vmnet-plugin-probe, the process a plugin under test runs in")
struct ProbeTests {
    @Test("it refuses a job of another format with exit 65, before loading anything, and a call without one job file with exit 2")
    func refusesOtherJobs() throws {
        let folder = try TemporaryFolder()
        let job = folder.path + "/job.json"
        try Data(#"{"format": 0, "plugin": "/nonexistent.so"}"#.utf8).write(to: URL(fileURLWithPath: job))
        #expect(try run(probeExecutable, [job]).status == 65)
        #expect(try run(probeExecutable, [folder.path + "/missing.json"]).status == 65)
        let bare = try run(probeExecutable, [])
        #expect(bare.status == 2)
        #expect(bare.stderr.contains("USAGE: vmnet-plugin-probe <job-file>"))
    }

    @Test("VMNET_PLUGIN_PROBE is used alone when set: one that names no executable is an error saying so (exit 2)")
    func variableNamesNothing() throws {
        let result = try run(
            vmnetExecutable, ["plugins", "test", buildFolder + "/libVMNetBindingSlirp.so"],
            environment: ["VMNET_PLUGIN_PROBE": "/nonexistent/vmnet-plugin-probe"])
        #expect(result.status == 2)
        #expect(result.stderr.contains(
            "VMNET_PLUGIN_PROBE names /nonexistent/vmnet-plugin-probe, which is not an executable file"), "\(result.stderr)")
    }

    @Test("a probe that cannot read the job, as one from another build of vmnet, is reported as such, not as the plugin's fault")
    func probeOfAnotherBuild() throws {
        let folder = try TemporaryFolder()
        let probe = folder.path + "/vmnet-plugin-probe"
        try writeExecutable("#!/bin/sh\nexit 65\n", to: probe)
        let result = try run(
            vmnetExecutable, ["plugins", "test", buildFolder + "/libVMNetBindingSlirp.so"],
            environment: ["VMNET_PLUGIN_PROBE": probe])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(probe) could not read the suite's job: it comes from another build of vmnet"), "\(result.stderr)")
    }

    @Test("a vmnet with no probe beside it or in ../libexec/vmnet says where it looked and how to get one (exit 2)")
    func missingProbe() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/bin", withIntermediateDirectories: true)
        let lonely = folder.path + "/bin/vmnet"
        try FileManager.default.copyItem(atPath: vmnetExecutable, toPath: lonely)
        // An empty variable counts as unset.
        let result = try run(
            lonely, ["plugins", "test", buildFolder + "/libVMNetBindingSlirp.so"], environment: ["VMNET_PLUGIN_PROBE": ""])
        #expect(result.status == 2)
        let bin = folder.path + "/bin"
        #expect(result.stderr.contains(
            "vmnet-plugin-probe, the process the plugin under test runs in, is missing: looked for "
                + "\(bin)/vmnet-plugin-probe and \(bin)/../libexec/vmnet/vmnet-plugin-probe; reinstall vmnet, add "
                + "vmnet's vmnet-plugin-probe product to the test target's dependencies, or name it in VMNET_PLUGIN_PROBE"),
            "\(result.stderr)")
    }
}
