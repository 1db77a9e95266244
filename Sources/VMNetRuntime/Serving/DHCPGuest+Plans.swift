import VMNetCore
import VMNetEngine
import VMNetDHCP

extension DHCPGuest {
    /// The guests to serve for `plans`: every interface whose plan serves DHCP, in plan order, with DNS servers
    /// and search domains from `resolvConf`.
    ///
    /// - Throws: `ServingError.invalidPlan` when a plan holds a value a DHCP server cannot send.
    public static func guests(of plans: [VMPlan], resolvConf: ResolvConf) throws(ServingError) -> [DHCPGuest] {
        var guests: [DHCPGuest] = []
        for plan in plans {
            for interface in plan.interfaces {
                guard let dhcp = interface.plan.dhcp else { continue }
                guests.append(
                    DHCPGuest(
                        vm: "\(plan.namespace)/\(plan.name)", interface: interface.plan.interface,
                        ipv4: try dhcp.ipv4Configuration(resolvConf: resolvConf),
                        ipv6: try dhcp.ipv6Configuration(resolvConf: resolvConf)))
            }
        }
        return guests
    }
}

extension GuestDHCPService {
    /// Prepares a stopped service for every interface of `plans` that serves DHCP, with DNS servers and search
    /// domains from `resolvConf`; `onEvent` is called on the servers' threads.
    ///
    /// - Throws: `ServingError` when a plan holds a value a DHCP server cannot send or cannot serve.
    public convenience init(
        plans: [VMPlan], resolvConf: ResolvConf, onEvent: @escaping @Sendable (GuestDHCPEvent) -> Void = { _ in }
    ) throws(ServingError) {
        try self.init(guests: DHCPGuest.guests(of: plans, resolvConf: resolvConf), onEvent: onEvent)
    }
}
