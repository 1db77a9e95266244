import Foundation

/// The `vmnet` built beside this test binary: `swift build` puts both, and the driver .so files
/// vmnet loads from its own folder, in the same build folder.
enum VMNetBinary {
    /// The executable's path.
    static let path = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("vmnet").path

    /// Tests/Fixtures, where the manifests are.
    static let fixtures = GuestRun.kit.deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// `vmnet ARGUMENTS…`, ready to run.
    static func command(_ arguments: [String]) throws(GuestTestError) -> Command {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw .notBuilt(path: path) }
        return Command(path, arguments)
    }

    /// The path of a fixture, e.g. `spec/masquerade-ports.yaml`.
    static func fixture(_ name: String) -> String {
        fixtures.appendingPathComponent(name).path
    }
}
