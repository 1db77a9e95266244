import Foundation
import VMNetCore
import VMNetDHCP
import VMNetPluginHost
import VMNetRuntime

/// `vmnet-embed`: wires each VM manifest that appears in a folder, and unwires it when the file goes or changes;
/// SIGINT or SIGTERM unwires everything and exits.
@main
struct Daemon {
    static func main() {
        let options: DaemonOptions
        do {
            options = try DaemonOptions(arguments: Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(2)
        }
        // Blocked before any thread starts, so every thread inherits the mask and the signals wait for the loop.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)

        let registry = PluginRegistry(searchPath: .standard(options: options.pluginPaths))
        for refusal in registry.refused where !refusal.isShadowed { say("warning: \(refusal)") }
        let resolvConf: ResolvConf
        do {
            resolvConf = try ResolvConf(contentsOfFile: options.resolvConf)
        } catch {
            say("error: cannot read \(options.resolvConf): \(error)")
            exit(2)
        }
        var watcher = FolderWatcher(
            options: options, drivers: registry.drivers, resolvConf: resolvConf, log: say)
        say("watching \(options.folder) every 500 ms")

        var timeout = timespec(tv_sec: 0, tv_nsec: 500_000_000)
        while true {
            watcher.poll()
            let signal = sigtimedwait(&signals, nil, &timeout)
            if signal == SIGINT || signal == SIGTERM {
                say("stopping on \(signal == SIGINT ? "SIGINT" : "SIGTERM")")
                watcher.unwireAll()
                exit(0)
            }
        }
    }

    /// Prints a line at once, since the daemon runs for long and its output is usually a pipe or a log file.
    @Sendable static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
