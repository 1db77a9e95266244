import Glibc

/// Compiles the C plugin `source` with `defines` into `output`, as a plugin author would: hidden visibility, so
/// only the entry symbol is exported, warnings as errors, `headers` (the folder of `vmnet_plugin.h`) included and
/// jansson linked for plugins that read JSON. The file gets mode 0755 whatever the umask.
/// - Throws: `CommandError` with the compiler's output when the build fails.
public func compileCPlugin(_ source: String, defines: [String] = [], headers: String, to output: String) throws(CommandError) {
    let result = try Command(
        "/usr/bin/cc",
        ["-shared", "-fPIC", "-fvisibility=hidden", "-Wall", "-Wextra", "-Werror", "-I", headers]
            + defines.map { "-D\($0)" } + ["-o", output, source, "-ljansson"]
    ).run()
    guard result.succeeded else { throw CommandError("build of \(source) failed:\n\(result.stderr)") }
    chmod(output, 0o755)
}
