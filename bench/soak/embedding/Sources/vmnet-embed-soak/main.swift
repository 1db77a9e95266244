import Foundation
import VMNetCore
import VMNetDHCP
import VMNetPluginHost
import VMNetRuntime
import VMNetWiring

// vmnet-embed-soak NETNS STATE_DIR PLUGIN_DIR MANIFEST CYCLES
//
// Each cycle reads and validates MANIFEST, wires its VMs into NETNS, serves them DHCP in-process (ServedDHCP, as
// examples/embedding does), stops serving and unwires them: everything a daemon does for a pod that comes and goes.
// Before the first cycle, after the first, and after every hundredth it prints the process's open descriptors, RSS
// (KiB) and threads, and the mean time of the cycles since the last line.
let arguments = CommandLine.arguments
guard arguments.count == 6, let cycles = Int(arguments[5]) else {
    FileHandle.standardError.write(Data("usage: vmnet-embed-soak NETNS STATE_DIR PLUGIN_DIR MANIFEST CYCLES\n".utf8))
    exit(2)
}
let namespace = NetworkNamespace(name: arguments[1])
let registry = PluginRegistry(searchPath: .standard(options: [arguments[3]]))
let wiring = Wiring(drivers: registry.drivers, options: Wiring.Options(stateDirectory: StateDirectory(path: arguments[2])))
let resolvConf = ResolvConf(parsing: "nameserver 10.96.0.10\nsearch default.svc.cluster.local\n")

/// Open descriptors, VmRSS in KiB, threads.
func usage() -> (fds: Int, rss: Int, threads: Int) {
    let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    func field(_ name: String) -> Int {
        status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
            .flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Int($0) }.first } ?? -1
    }
    return (fds, field("VmRSS"), field("Threads"))
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("vmnet-embed-soak: \(message)\n".utf8))
    exit(1)
}

var last = Date()
var sinceLast = 0
@MainActor func report(_ cycle: Int) {
    let now = usage()
    let mean = sinceLast == 0 ? 0 : Date().timeIntervalSince(last) * 1000 / Double(sinceLast)
    let line = String(format: "cycle %4d  fds %3d  rss %6d KiB  threads %2d  %7.1f ms/cycle\n", cycle, now.fds, now.rss, now.threads, mean)
    FileHandle.standardOutput.write(Data(line.utf8))
    last = Date()
    sinceLast = 0
}

report(0)
for cycle in 1...cycles {
    do throws(WiringError) {
        let manifests = try wiring.read(files: [arguments[4]])
        var wired: [WiredVM] = []
        for vm in manifests.machines { wired.append(try wiring.up(vm, of: manifests, in: namespace)) }
        guard wired.allSatisfy({ $0.outcome.action == .applied }) else { fail("cycle \(cycle): \(wired.map(\.outcome.action))") }
        let dhcp: ServedDHCP
        do {
            dhcp = try ServedDHCP(plans: wired.map(\.plan), in: namespace, resolvConf: resolvConf)
        } catch {
            fail("cycle \(cycle): \(error)")
        }
        guard !dhcp.guests.isEmpty else { fail("cycle \(cycle): nothing served") }
        dhcp.stop()
        for vm in wired.reversed() {
            let outcome = try wiring.down(vm.outcome.vm, in: namespace)
            guard outcome.action == .undone else { fail("cycle \(cycle): \(outcome.action)") }
        }
    } catch {
        fail("cycle \(cycle): \(error.description)")
    }
    sinceLast += 1
    if cycle == 1 || cycle % 100 == 0 { report(cycle) }
}
