import VMNetCore

/// The pod interface names a network-status annotation gives: the default network's, and each attachment's.
///
/// Each entry names one interface, so two networks of the same attachment get its entries in order, as Multus
/// attached them.
struct NetworkStatusNames {
    /// The interface of the first entry marked `default: true`, KubeVirt's primary pod interface.
    let primary: String?
    /// The entries of secondary attachments not yet given to a network.
    private var secondaries: [NetworkStatusEntry]

    /// The names in `entries`; none when the pod's network status is not known.
    init(_ entries: [NetworkStatusEntry]?) {
        primary = entries?.first(where: \.isDefault)?.interface
        secondaries = (entries ?? []).filter { !$0.isDefault && $0.interface != nil }
    }

    /// The interface of the next unused entry of `attachment` (`namespace/name`), if any.
    mutating func take(_ attachment: String) -> String? {
        guard let index = secondaries.firstIndex(where: { $0.name == attachment }) else { return nil }
        return secondaries.remove(at: index).interface
    }
}
