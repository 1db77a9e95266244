import VMNetTestKit

extension NamespaceSnapshot {
    /// What a CNI leaves in a pod and `vmnet down` must put back: links, addresses and the routes of every table
    /// (the CNI tests compare NAT rules on their own).
    static let pod = Scope(iptables: false)

    /// Takes a snapshot of `pod` once no address of it is tentative: the kernel adds an IPv6 address's local route
    /// only when duplicate address detection is done, about a second after a link (or the address) came up.
    init(_ pod: TestNamespace) throws {
        try Self.waitUntilSettled(pod.name)
        self = try Self.take(pod.name, Self.pod)
    }

    /// Waits up to `seconds` for `pod` to match this snapshot; returns the last snapshot taken.
    func awaitMatch(_ pod: TestNamespace, seconds: Int = 5) throws -> NamespaceSnapshot {
        try awaitMatch(pod.name, Self.pod, timeout: .seconds(seconds))
    }
}
