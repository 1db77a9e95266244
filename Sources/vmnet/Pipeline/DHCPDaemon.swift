import FoundationEssentials
import Glibc
import VMNetCore
import VMNetEngine
import VMNetDHCP
import VMNetPluginHost
import VMNetRuntime
import VMNetSystem

/// `vmnet-dhcpd`, the small process that serves DHCP for `vmnet serve` and `vmnet up --serve`.
///
/// vmnet reads the journals and resolv.conf and hands the daemon a `DHCPServingPlan` in a memory file, so the
/// process that serves for the life of a pod maps the DHCP servers and the Swift runtime, not libvirt, the
/// plugins or all of Foundation (issue 5: 34 MiB resident as part of vmnet, about 11 MiB on its own).
struct DHCPDaemon {
    /// The daemon's executable.
    let executable: String

    /// The daemon beside the running vmnet, or in `../libexec/vmnet/` from vmnet's folder (`make install`).
    static func locate() throws(CommandFailure) -> DHCPDaemon {
        let folder = PluginSearchPath.executableFolder ?? "."
        let candidates = ["\(folder)/vmnet-dhcpd", "\(folder)/../libexec/vmnet/vmnet-dhcpd"]
        guard let executable = candidates.first(where: { access($0, X_OK) == 0 }) else {
            throw CommandFailure(message: "vmnet-dhcpd, which serves DHCP, is missing: looked for \(candidates.joined(separator: " and ")); reinstall vmnet", status: 2)
        }
        return DHCPDaemon(executable: executable)
    }

    /// The serving plan for the DHCP plans of `plans` in `namespace`, DNS from the resolv.conf at `resolvConfPath`.
    static func plan(for plans: [VMPlan], in namespace: NetworkNamespace, resolvConfPath: String) throws(CommandFailure) -> DHCPServingPlan {
        let resolvConf: ResolvConf
        do {
            resolvConf = try ResolvConf(contentsOfFile: resolvConfPath)
        } catch {
            throw CommandFailure(message: "cannot read \(resolvConfPath): \(error)", status: 2)
        }
        let guests: [DHCPGuest]
        do {
            guests = try DHCPGuest.guests(of: plans, resolvConf: resolvConf)
        } catch {
            throw CommandFailure(message: error.description, status: 2)
        }
        guard !guests.isEmpty else {
            throw CommandFailure(message: "no interface wired in \(namespace) serves DHCP", status: 1)
        }
        return DHCPServingPlan(namespacePath: namespace.path, namespaceDescription: namespace.description, guests: guests)
    }

    /// Replaces this process with the daemon serving `plan`; returns only by throwing.
    func exec(_ plan: DHCPServingPlan) throws(CommandFailure) -> Never {
        var argv = try arguments(handingOver: plan).argv
        execv(executable, &argv)
        throw CommandFailure(message: "cannot run \(executable): \(String(cString: strerror(errno)))", status: 2)
    }

    /// Starts the daemon serving `plan` as a child with SIGINT and SIGTERM unblocked; returns its process ID.
    func spawn(_ plan: DHCPServingPlan) throws(CommandFailure) -> pid_t {
        let handed = try arguments(handingOver: plan)
        let file = handed.file
        var argv = handed.argv
        defer {
            file.close()
            argv.forEach { free($0) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, nil, &attributes, &argv, environ)
        guard rc == 0 else {
            throw CommandFailure(message: "cannot run \(executable): \(String(cString: strerror(rc)))", status: 2)
        }
        return pid
    }

    /// Waits for the child `pid` to end, passing it the SIGINT or SIGTERM this process gets; returns its exit
    /// status (128 + the signal when a signal ended it). SIGINT, SIGTERM and SIGCHLD must be blocked
    /// (`TerminationSignals.block(childExit: true)`) before the child starts.
    static func waitForChild(_ pid: pid_t) -> Int32 {
        while true {
            let signal = TerminationSignals.wait(childExit: true)
            if signal != SIGCHLD {
                kill(pid, signal)
                continue
            }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { continue }
            let terminatingSignal = status & 0x7f
            return terminatingSignal == 0 ? (status >> 8) & 0xff : 128 + terminatingSignal
        }
    }

    /// The daemon's `argv` (`vmnet-dhcpd --plan /dev/fd/N`, NULL-terminated) with the plan as JSON in a memory
    /// file it inherits; standard streams are flushed, as the daemon writes to them next.
    private func arguments(handingOver plan: DHCPServingPlan) throws(CommandFailure) -> (file: InheritedFile, argv: [UnsafeMutablePointer<CChar>?]) {
        let file = try handOver(plan)
        fflush(nil)
        let arguments = [executable, "--plan", file.path]
        return (file, arguments.map { strdup($0) } + [nil])
    }

    /// The plan as JSON in a memory file the daemon inherits.
    private func handOver(_ plan: DHCPServingPlan) throws(CommandFailure) -> InheritedFile {
        do {
            return try InheritedFile(name: "vmnet-serving-plan", bytes: Array(JSONEncoder().encode(plan)))
        } catch let error as SystemError {
            throw CommandFailure(message: "cannot hand the serving plan to vmnet-dhcpd: \(error)", status: 2)
        } catch {
            throw CommandFailure(message: "cannot encode the serving plan: \(error)", status: 2)
        }
    }
}
