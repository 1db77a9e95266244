import Foundation
import VMNetTestKit

/// Runs `executable` with `arguments` and waits; `VMNET_PLUGIN_PATH` is removed from its environment and
/// `environment` added, so only the folders the test names are searched.
func run(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:], in directory: String? = nil
) throws -> CommandResult {
    let changes: [String: String?] = ["VMNET_PLUGIN_PATH": nil].merging(environment.mapValues { $0 }) { _, added in added }
    return try Command(executable, arguments, environment: changes, directory: directory).run()
}

/// Compiles the C plugin `source` (a file of `Tests/Plugins/CPlugin`) with `defines` into `output`.
func compileCPlugin(_ source: String, defines: [String] = [], to output: String) throws {
    try VMNetTestKit.compileCPlugin(
        packageRoot + "/Tests/Plugins/CPlugin/" + source, defines: defines,
        headers: packageRoot + "/Sources/CVMNetPlugin/include", to: output)
}
