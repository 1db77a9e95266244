import Glibc
import VMNetDHCP
import VMNetSystem

/// Serves a plan's guests in the foreground until SIGINT or SIGTERM, printing each lease granted.
enum ServingSession {
    /// Serves the plan in `planFile`; returns the exit status: 0 after a signal, 1 when there is nothing to
    /// serve, 2 when serving cannot start.
    static func run(planFile: String) -> Int32 {
        let plan: DHCPServingPlan
        do {
            plan = try PlanFile.read(planFile)
        } catch {
            return fail(error.description, status: 2)
        }
        guard !plan.guests.isEmpty else {
            return fail("no interface wired in \(plan.namespaceDescription) serves DHCP", status: 1)
        }
        let service: GuestDHCPService
        do {
            service = try GuestDHCPService(guests: plan.guests) { event in
                if case .packetDropped = event { return }
                DaemonOutput.say(event.description)
            }
        } catch {
            return fail(error.description, status: 2)
        }
        let thread: NamespaceThread
        do {
            thread = try NamespaceThread(path: plan.namespacePath)
        } catch {
            return fail("cannot enter \(plan.namespaceDescription): \(error)", status: 2)
        }
        defer { thread.stop() }
        // Binding port 67 (547) to a bridge needs CAP_NET_BIND_SERVICE and CAP_NET_RAW; serving needs none. The
        // namespace thread binds the sockets with its own credentials, taken before this thread drops them; the
        // receive threads `start` spawns inherit this thread's empty sets; then the namespace thread drops its own.
        do {
            try CapabilityDrop.dropAll()
        } catch {
            return fail(unprivileged(error), status: 2)
        }
        do {
            try service.start(in: thread)
        } catch {
            return fail(error.description, status: 2)
        }
        do {
            try thread.run { try CapabilityDrop.dropAll() }
        } catch {
            return fail(unprivileged(error), status: 2)
        }
        for guest in plan.guests {
            DaemonOutput.say(describe(guest))
        }
        DaemonOutput.say("serving DHCP in \(plan.namespaceDescription); stop with Ctrl-C or SIGTERM")
        let signal = TerminationSignals.wait()
        service.stop()
        let counters = service.counters
        DaemonOutput.say("stopped by \(TerminationSignals.name(of: signal)): \(counters.leasesGranted) lease(s) granted, \(counters.received) packet(s) received, \(counters.dropped) dropped")
        return 0
    }

    /// `serving 10.0.2.2/24 on k6t-eth0 from 10.0.2.1 to any client (VM default/vm, interface default)`.
    static func describe(_ guest: DHCPGuest) -> String {
        let lease = guest.ipv4.lease
        let who = guest.ipv4.clientHardwareAddress.map { "to \($0) only" } ?? "to any client"
        let v6 = guest.ipv6.map { " and DHCPv6 \($0.address)" } ?? ""
        return "serving \(lease.address)/\(lease.prefixLength)\(v6) on \(guest.bridge) from \(guest.ipv4.serverAddress) \(who) (VM \(guest.vm), interface \(guest.interface))"
    }

    private static func unprivileged(_ error: any Error) -> String {
        "cannot give up the capabilities it no longer needs: \(error)"
    }

    private static func fail(_ message: String, status: Int32) -> Int32 {
        DaemonOutput.error(message)
        return status
    }
}
