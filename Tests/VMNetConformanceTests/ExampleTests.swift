import Foundation
import VMNetTestKit
import Testing
import VMNetConformance
import VMNetPluginHost

@Suite("The example plugins build outside vmnet's products, load through VMNET_PLUGIN_PATH and conform", .serialized)
struct ExampleTests {
    /// Builds `examples/c-binding` with its Makefile (cc) and returns its plugin.
    static func buildCExample() throws -> String {
        let result = try run("/usr/bin/make", ["-C", packageRoot + "/examples/c-binding"])
        guard result.status == 0 else { throw CommandError("build failed:\n\(result.stdout)\(result.stderr)") }
        return packageRoot + "/examples/c-binding/.build/libVMNetBindingCTap.so"
    }

    /// Builds `examples/swift-binding` in its own `.build` (`make examples` builds it first, so this is
    /// incremental) and returns its plugin.
    static func buildSwiftExample() throws -> String {
        let result = try run("/usr/bin/env", ["swift", "build", "--package-path", packageRoot + "/examples/swift-binding"])
        guard result.status == 0 else { throw CommandError("build failed:\n\(result.stdout)\(result.stderr)") }
        #expect(!result.stdout.contains("warning:"), "\(result.stdout)")
        return packageRoot + "/examples/swift-binding/.build/debug/libVMNetBindingTap.so"
    }

    @Test("the C example, built with cc, loads through VMNET_PLUGIN_PATH and passes vmnet plugins test")
    func cExample() throws {
        let file = try Self.buildCExample()
        try expectLoadsAndConforms(file, name: "ctap")
    }

    @Test("the Swift example, its own package depending on vmnet, loads through VMNET_PLUGIN_PATH and passes vmnet plugins test",
          .timeLimit(.minutes(10)))
    func swiftExample() throws {
        let file = try Self.buildSwiftExample()
        try expectLoadsAndConforms(file, name: "tap")
    }

    private func expectLoadsAndConforms(_ file: String, name: String) throws {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        let listing = try run(vmnetExecutable, ["plugins", "list", "--output", "json"], environment: ["VMNET_PLUGIN_PATH": folder])
        let plugins = try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [String: Any]
        let loaded = (plugins?["plugins"] as? [[String: Any]] ?? []).first { $0["name"] as? String == name }
        #expect(loaded?["file"] as? String == file, "\(listing.stdout)")
        let arguments = ["plugins", "test", "--output", "json"] + (getuid() == 0 ? ["--netns-scratch"] : []) + [file]
        let result = try run(vmnetExecutable, arguments)
        let report = try JSONDecoder().decode(ConformanceReport.self, from: Data(result.stdout.utf8))
        #expect(result.status == 0, "\(report.failures)")
        #expect(report.plugin?.name == name)
        if getuid() == 0 { #expect(report.liveOutcomes.allSatisfy { $0 == .passed }) }
    }
}
