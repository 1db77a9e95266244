import VMNetCore

/// The firewall API that makes a plan's NAT rules in a namespace: one of the two the kernel offers.
public enum NATBackendKind: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// nf_tables, through libnftnl: KubeVirt's ruleset (`ip nat`, `ip6 nat`), one transaction per apply.
    case nftables
    /// The legacy x_tables `nat` table, through libiptc: one commit per family.
    case iptables

    /// The other backend, which the error for an unusable one suggests.
    public var other: NATBackendKind { self == .nftables ? .iptables : .nftables }

    /// The backend's name, as `--nat-backend` takes it.
    public var description: String { rawValue }
}

/// Which NAT backend `up` uses, like libvirt's `firewall_backend_priority`: one, or `auto`.
public enum NATBackendChoice: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// nftables where nf_tables works in the pod's namespace, otherwise iptables.
    case auto
    /// nftables, or an error before any change.
    case nftables
    /// iptables, or an error before any change.
    case iptables

    /// The backends to try, in order.
    public var candidates: [NATBackendKind] {
        switch self {
        case .auto: [.nftables, .iptables]
        case .nftables: [.nftables]
        case .iptables: [.iptables]
        }
    }

    /// The choice's name, as `--nat-backend` takes it.
    public var description: String { rawValue }
}

/// Makes and removes the NAT steps of one plan in one namespace, on the namespace's thread.
///
/// The executor journals `priors` before `apply`, so `undo` (after a failure, a crash or on `down`) removes exactly
/// the objects the backend made and leaves alone what was there before; every undo tolerates finding its objects
/// already gone.
protocol NATBackend {
    /// Which backend this is.
    var kind: NATBackendKind { get }

    /// Why the backend cannot work in the namespace for `families`; nil when it can. Changes nothing.
    func unavailability(for families: [IPFamily]) -> String?

    /// What each member of `batch` will create, as the namespace is now.
    func priors(_ batch: NATBatch) throws(StepError) -> [PriorState]

    /// Makes every member of `batch`; on failure nothing is left behind.
    func apply(_ batch: NATBatch, priors: [PriorState]) throws(StepError)

    /// Removes what the members, whose prior states are `priors`, made; what is already gone is fine.
    func undo(_ batch: NATBatch, priors: [PriorState]) throws(StepError)

    /// What of `rules` the namespace lacks, one sentence each. Changes nothing.
    func missing(_ rules: [NATRule]) throws(StepError) -> [String]
}

/// Why one NAT backend cannot work in a namespace.
public struct NATBackendRefusal: Sendable, Equatable {
    /// The backend.
    public var backend: NATBackendKind
    /// What the kernel or the library said.
    public var reason: String
}
