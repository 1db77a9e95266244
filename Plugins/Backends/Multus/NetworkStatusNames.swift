import FoundationEssentials
import VMNetCore

/// The pod interface names the pod's network-status annotation gives: the default network's, and each
/// attachment's.
///
/// Each entry names one interface, so two networks of the same attachment get its entries in order, as Multus
/// attached them.
struct NetworkStatusNames {
    /// The part of an annotation entry the names come from; Multus writes more (`ips`, `mac`, `device-info`).
    private struct Entry: Decodable {
        var name: String
        var interface: String?
        var isDefault: Bool?

        enum CodingKeys: String, CodingKey {
            case name, interface
            case isDefault = "default"
        }
    }

    /// The interface of the first entry marked `default: true`, KubeVirt's primary pod interface.
    let primary: String?
    /// The entries of secondary attachments not yet given to a network.
    private var secondaries: [Entry]

    /// The names in the network-status annotation of `annotations`; none when the pod's annotations are not known
    /// or have none. One that is not a JSON array of `{name, interface, default}` is refused.
    init(_ annotations: [String: String]?) throws(PlanError) {
        guard let text = annotations?[BackendPlanRequest.networkStatusAnnotation] else {
            primary = nil
            secondaries = []
            return
        }
        let entries: [Entry]
        do {
            entries = try JSONDecoder().decode([Entry].self, from: Data(text.utf8))
        } catch {
            throw PlanError(
                "the pod's \(BackendPlanRequest.networkStatusAnnotation) annotation is not a JSON array of "
                    + "{name, interface, default}: \(error)")
        }
        primary = entries.first { $0.isDefault == true }?.interface
        secondaries = entries.filter { $0.isDefault != true && $0.interface != nil }
    }

    /// The interface of the next unused entry of `attachment` (`namespace/name`), if any.
    mutating func take(_ attachment: String) -> String? {
        guard let index = secondaries.firstIndex(where: { $0.name == attachment }) else { return nil }
        return secondaries.remove(at: index).interface
    }
}
