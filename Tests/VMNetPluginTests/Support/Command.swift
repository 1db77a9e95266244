import Foundation
import VMNetTestKit

/// Runs `vmnet` with `arguments`; `VMNET_PLUGIN_PATH` is removed from its environment so only the folders the
/// test names are searched, and `environment` is added to it.
func vmnet(
    _ arguments: [String], executable: String = vmnetExecutable, environment: [String: String] = [:],
    timeout: Duration? = nil
) throws -> CommandResult {
    let changes: [String: String?] = ["VMNET_PLUGIN_PATH": nil].merging(environment.mapValues { $0 }) { _, added in added }
    return try Command(executable, arguments, environment: changes, timeout: timeout).run()
}

/// Compiles the C plugin `source` (a file of `Tests/Plugins`, e.g. `Hostile/hostile.c`; a bare name is one of
/// `CPlugin`) with `defines` into `output`.
func compileCPlugin(_ source: String, defines: [String] = [], to output: String) throws {
    try VMNetTestKit.compileCPlugin(
        packageRoot + "/Tests/Plugins/" + (source.contains("/") ? source : "CPlugin/" + source), defines: defines,
        headers: packageRoot + "/Sources/CVMNetPlugin/include", to: output)
}

/// The global symbols a shared object defines in its dynamic symbol table (`nm -D -g --defined-only`).
func exportedSymbols(of file: String) throws -> [String] {
    let result = try Command("/usr/bin/nm", ["-D", "-g", "--defined-only", file]).run()
    return result.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }
}
