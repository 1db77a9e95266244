import VMNetCore
import VMNetEngine
import VMNetDHCP
import VMNetRuntime
import VMNetSystem

/// DHCP served, in-process, to the guests of wired VMs: every interface whose plan serves DHCP, from a thread
/// inside their namespace, as `vmnet up --serve` serves it from `vmnet-dhcpd`.
public final class ServedDHCP: Sendable {
    /// The guests served, in plan order; empty when no plan serves DHCP (no thread is started then).
    public let guests: [DHCPGuest]
    private let running: (service: GuestDHCPService, thread: NamespaceThread)?

    /// Starts serving `plans` in `namespace`, DNS servers and search domains from `resolvConf`; `onEvent` is
    /// called on the servers' threads.
    ///
    /// - Throws: `ServingError` when a plan cannot be served; nothing is left running then.
    public init(
        plans: [VMPlan], in namespace: NetworkNamespace, resolvConf: ResolvConf,
        onEvent: @escaping @Sendable (GuestDHCPEvent) -> Void = { _ in }
    ) throws(ServingError) {
        let service = try GuestDHCPService(plans: plans, resolvConf: resolvConf, onEvent: onEvent)
        guests = service.guests
        guard !service.guests.isEmpty else {
            running = nil
            return
        }
        let thread: NamespaceThread
        do {
            thread = try NamespaceThread(path: namespace.path)
        } catch {
            throw .namespace(namespace.description, reason: error.description)
        }
        do throws(ServingError) {
            try service.start(in: thread)
        } catch {
            thread.stop()
            throw error
        }
        running = (service, thread)
    }

    /// Stops every server and the namespace thread; it returns once they have finished.
    public func stop() {
        running?.service.stop()
        running?.thread.stop()
    }
}
