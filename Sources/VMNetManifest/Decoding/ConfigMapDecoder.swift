import VMNetCore

/// Decodes the `kubevirt-config` ConfigMap's `data` into a `ClusterConfig`.
struct ConfigMapDecoder {
    /// The ConfigMap's name, as in KubeVirt.
    static let name = "kubevirt-config"

    func decode(_ root: Node, _ context: inout DecodingContext) -> ClusterConfig {
        var config = ClusterConfig()
        guard let data = root["data"] else { return config }
        context.record("data", data)
        for entry in context.mapping(data, at: "data") ?? [] {
            let key = entry.key.scalarText ?? ""
            let path = FieldPath("data").appending(key)
            context.record(path, entry.value)
            guard let value = context.string(entry.value, at: path) else { continue }
            config.values[key] = value
            if key == ClusterConfig.bindingPluginsKey {
                config.bindingPlugins = BindingRegistryDecoder().decode(value, from: entry.value, at: path, &context)
            }
        }
        return config
    }
}
