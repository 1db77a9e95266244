import Foundation

/// What a finished process printed and how it ended.
struct CommandResult {
    var pid: pid_t
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` with `arguments` and waits; `VMNET_PLUGIN_PATH` is removed from its environment and
/// `environment` added, so only the folders the test names are searched.
func run(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:], in directory: String? = nil
) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "VMNET_PLUGIN_PATH" }
        .merging(environment) { _, new in new }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    // Files, not pipes: a chatty child can never block on a full pipe while the test waits for it.
    let folder = try TemporaryFolder()
    let outPath = folder.path + "/stdout", errPath = folder.path + "/stderr"
    try Data().write(to: URL(fileURLWithPath: outPath))
    try Data().write(to: URL(fileURLWithPath: errPath))
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    try process.run()
    process.waitUntilExit()
    return CommandResult(
        pid: process.processIdentifier, status: process.terminationStatus, stdout: try String(contentsOfFile: outPath, encoding: .utf8),
        stderr: try String(contentsOfFile: errPath, encoding: .utf8))
}

/// A build that failed, with the compiler's output.
struct BuildError: Error, CustomStringConvertible {
    var output: String
    var description: String { "build failed:\n\(output)" }
}

/// Compiles the C plugin `source` (a file of `Tests/Plugins/CPlugin`) with `defines` into `output`, as a plugin
/// author would: hidden visibility, jansson for the JSON. The file gets mode 0755 whatever the umask.
func compileCPlugin(_ source: String, defines: [String] = [], to output: String) throws {
    let result = try run(
        "/usr/bin/cc",
        ["-shared", "-fPIC", "-fvisibility=hidden", "-Wall", "-Wextra", "-Werror",
         "-I", packageRoot + "/Sources/CVMNetPlugin/include"] + defines.map { "-D\($0)" }
            + ["-o", output, packageRoot + "/Tests/Plugins/CPlugin/" + source, "-ljansson"])
    guard result.status == 0 else { throw BuildError(output: result.stderr) }
    chmod(output, 0o755)
}
