import Foundation

/// What a finished process printed and how it ended.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` with `arguments` and waits; `VMNET_PLUGIN_PATH` is removed from its environment so only the
/// folders the test names are searched, and `environment` is added to it.
func run(
    _ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]
) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "VMNET_PLUGIN_PATH" }
        .merging(environment) { _, added in added }
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
        status: process.terminationStatus, stdout: try String(contentsOfFile: outPath, encoding: .utf8),
        stderr: try String(contentsOfFile: errPath, encoding: .utf8))
}

/// Runs `vmnet` with `arguments`, and `environment` added to the test's.
func vmnet(_ arguments: [String], executable: String = vmnetExecutable, environment: [String: String] = [:]) throws -> CommandResult {
    try run(executable, arguments, environment: environment)
}

/// Compiles the C plugin `source` (a file of `Tests/Plugins/CPlugin`) with `defines` into `output`, as a plugin
/// author would: hidden visibility, so only the entry symbol is exported. The file gets mode 0755 whatever the umask.
func compileCPlugin(_ source: String, defines: [String] = [], to output: String) throws {
    let result = try run(
        "/usr/bin/cc",
        ["-shared", "-fPIC", "-fvisibility=hidden", "-Wall", "-Wextra", "-Werror",
         "-I", packageRoot + "/Sources/CVMNetPlugin/include"] + defines.map { "-D\($0)" }
            + ["-o", output, packageRoot + "/Tests/Plugins/CPlugin/" + source])
    guard result.status == 0 else { throw CompileError(output: result.stderr) }
    chmod(output, 0o755)
}

/// A build that failed, with the compiler's output.
struct CompileError: Error, CustomStringConvertible {
    var output: String
    var description: String { "build failed:\n\(output)" }
}

/// The global symbols a shared object defines in its dynamic symbol table (`nm -D -g --defined-only`).
func exportedSymbols(of file: String) throws -> [String] {
    let result = try run("/usr/bin/nm", ["-D", "-g", "--defined-only", file])
    return result.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }
}
