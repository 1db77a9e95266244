/// One entry of KubeVirt's `network.binding` section: a network binding plugin the cluster permits, by name.
///
/// vmnet reads it from the `kubevirt-config` ConfigMap's `network.binding` key. The fields vmnet acts on are
/// `networkAttachmentDefinition` (an extra Multus element for the interface), `domainAttachmentType` (checked
/// against the device the plugin plans) and `migration` (whether the interface lets the VM live-migrate); the
/// others are kept as KubeVirt's.
package struct BindingPluginRegistration: Codable, Sendable, Equatable {
    /// How KubeVirt attaches the plugin's interface to the domain.
    package enum DomainAttachmentType: String, Codable, Sendable, Hashable, CaseIterable {
        /// A tap device the plugin (or its CNI) creates: `<interface type='ethernet'>`.
        case tap
        /// A tap behind a bridge the core builds, as for the bridge binding.
        case managedTap
    }

    /// The hook sidecar's image (KubeVirt runs it in the launcher pod; vmnet runs loaded plugins instead).
    package var sidecarImage: String?
    /// The NetworkAttachmentDefinition (`name` or `namespace/name`) of the plugin's binding CNI.
    package var networkAttachmentDefinition: String?
    /// How the plugin's interface attaches to the domain, as written; `nil` means the plugin defines it itself.
    package var domainAttachmentType: String?
    /// Set when the plugin supports live migration, e.g. `{method: link-refresh}`.
    package var migration: Migration?
    /// What the plugin gets through the downward API, e.g. `device-info`.
    package var downwardAPI: String?

    /// KubeVirt's `migration` of a binding plugin.
    package struct Migration: Codable, Sendable, Equatable {
        /// `link-refresh`, or `nil` for none in particular.
        package var method: String?

        /// Creates a migration entry.
        package init(method: String? = nil) {
            self.method = method
        }
    }

    /// Creates a registration.
    package init(
        sidecarImage: String? = nil, networkAttachmentDefinition: String? = nil, domainAttachmentType: String? = nil,
        migration: Migration? = nil, downwardAPI: String? = nil
    ) {
        self.sidecarImage = sidecarImage
        self.networkAttachmentDefinition = networkAttachmentDefinition
        self.domainAttachmentType = domainAttachmentType
        self.migration = migration
        self.downwardAPI = downwardAPI
    }
}
