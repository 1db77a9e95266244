import Foundation
import VMNetCore
import VMNetDHCP
import VMNetRuntime
import VMNetSystem

/// Serves DHCP for wired VMs in the foreground until SIGINT or SIGTERM, printing each lease granted.
enum GuestDHCPSession {
    /// Serves the DHCP plans of `plans` inside `namespace`; returns the signal that ended it.
    static func serve(plans: [VMPlan], in namespace: NetworkNamespace, resolvConfPath: String) throws(CommandFailure) -> Int32 {
        fflush(nil)
        let resolvConf: ResolvConf
        do {
            resolvConf = try ResolvConf(contentsOfFile: resolvConfPath)
        } catch {
            throw CommandFailure(message: "cannot read \(resolvConfPath): \(error)", status: 2)
        }
        let service = GuestDHCPService(plans: plans, resolvConf: resolvConf) { event in
            if case .packetDropped = event { return }
            say(event.description)
        }
        guard !service.leases.isEmpty else {
            throw CommandFailure(message: "no interface wired in \(namespace) serves DHCP", status: 1)
        }
        let thread: NamespaceThread
        do {
            thread = try NamespaceThread(path: namespace.path)
        } catch {
            throw CommandFailure(message: "cannot enter \(namespace): \(error)", status: 2)
        }
        defer { thread.stop() }
        do {
            try service.start(in: thread)
        } catch {
            throw CommandFailure(message: error.description, status: 2)
        }
        for lease in service.leases {
            let who = lease.plan.clientMACAddress.map { "to \($0) only" } ?? "to any client"
            let v6 = lease.plan.ipv6ClientAddress.map { " and DHCPv6 \($0)" } ?? ""
            say("serving \(lease.plan.clientAddress)\(v6) on \(lease.plan.interface) from \(lease.plan.serverAddress) \(who) (VM \(lease.vm), interface \(lease.interface))")
        }
        say("serving DHCP in \(namespace); stop with Ctrl-C or SIGTERM")
        let signal = TerminationSignals.wait()
        let counters = service.counters
        service.stop()
        say("stopped by \(signal == SIGINT ? "SIGINT" : "SIGTERM"): \(counters.leasesGranted) lease(s) granted, \(counters.received) packet(s) received, \(counters.dropped) dropped")
        return signal
    }

    /// Prints a line at once, since serving runs for long and output may be a pipe.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
