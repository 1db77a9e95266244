import Foundation
import Testing

/// The environment variables that make `vmnet up` fail or stop at a step. Each name is longer than 15 bytes, so
/// Swift stores it whole in the binary's read-only data rather than inline in an instruction.
private let hookVariables = ["VMNET_FAIL_AT_STEP", "VMNET_PAUSE_BEFORE_STEP", "VMNET_PAUSE_AFTER_STEP"]

/// The release build folder beside this debug one, as `swift build -c release` leaves it.
private let releaseFolder = URL(fileURLWithPath: vmnet).deletingLastPathComponent()
    .appendingPathComponent("../release").standardizedFileURL.path

/// The hook variables that `file`'s bytes name.
private func hooksNamed(in file: String) throws -> [String] {
    let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
    return hookVariables.filter { bytes.range(of: Data($0.utf8)) != nil }
}

/// The fault hooks are compiled only with `VMNET_TESTING`, which Package.swift defines for debug builds alone.
@Suite("Test hooks")
struct TestHooksTests {
    @Test("the debug vmnet reads VMNET_FAIL_AT_STEP and VMNET_PAUSE_*, so the release check below can see them")
    func debugBuildHasHooks() throws {
        #expect(try hooksNamed(in: vmnet) == hookVariables)
    }

    @Test(
        "no release executable names VMNET_FAIL_AT_STEP or VMNET_PAUSE_*",
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: releaseFolder + "/vmnet"),
            "no release build: run swift build -c release --product vmnet"))
    func releaseBuildHasNone() throws {
        let executables = ["vmnet", "vmnet-cni", "vmnet-plugin-probe"].map { releaseFolder + "/" + $0 }
            .filter { FileManager.default.isExecutableFile(atPath: $0) }
        for file in executables {
            let modified = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date
            #expect(try hooksNamed(in: file) == [], "\(file), built \(modified.map { "\($0)" } ?? "at an unknown time"): rebuild it if it is older than the sources")
        }
    }
}
