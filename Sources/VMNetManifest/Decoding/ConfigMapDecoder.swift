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
            context.record(FieldPath("data").appending(key), entry.value)
            if let value = context.string(entry.value, at: FieldPath("data").appending(key)) { config.values[key] = value }
        }
        return config
    }
}
