import VMNetCore
import VMNetManifest

/// The parts of a request's configuration vmnet decodes with positions, so a bad VM is answered with the same
/// diagnostics (`file:line:column`, field path, rule) as `vmnet validate`: the VM in `args.cni.vmnet`, the network
/// `args.cni.logicNetworkName` names, and the cluster settings in `clusterConfig`.
struct CNIRequestDocument {
    /// What diagnostics call the configuration.
    static let file = "stdin"

    /// The VM's networking document (Multus copies the selection element's `cni-args` into `args.cni`).
    let vm: Node?
    /// The VM network this attachment wires.
    let logicNetworkName: String?
    /// `clusterConfig`: the kubevirt-config ConfigMap's `data`.
    let clusterConfig: Node?

    /// Reads `bytes` as YAML (JSON is YAML); text that is not is code 6.
    init(_ bytes: [UInt8]) throws(CNIError) {
        let root: Node
        do {
            root = try YAMLReader.documents(in: String(decoding: bytes, as: UTF8.self), file: Self.file).first
                ?? Node(.mapping([]), at: SourceLocation(file: Self.file, line: 1, column: 1))
        } catch {
            throw CNIError(.decodingFailure, "the network configuration on standard input is not JSON: \(error.diagnostic.formatted)")
        }
        let arguments = root["args"]?["cni"]
        vm = arguments?["vmnet"]
        logicNetworkName = arguments?["logicNetworkName"]?.scalarText
        clusterConfig = root["clusterConfig"]
    }

    /// The VM and the cluster config as manifests, decoded by `decoder`: `clusterConfig` reads as the data of the
    /// kubevirt-config ConfigMap. Nil when the request carries no VM.
    func manifests(decoder: ManifestDecoder) -> ManifestSet? {
        guard let vm else { return nil }
        var set = decoder.decode(document: vm, file: Self.file)
        if let clusterConfig {
            let at = clusterConfig.location
            func scalar(_ text: String) -> Node { Node(.scalar(.init(text: text, isPlain: false)), at: at) }
            let configMap = Node(
                .mapping([
                    .init(key: scalar("kind"), value: scalar("ConfigMap")),
                    .init(key: scalar("metadata"), value: Node(.mapping([.init(key: scalar("name"), value: scalar("kubevirt-config"))]), at: at)),
                    .init(key: scalar("data"), value: clusterConfig),
                ]), at: at)
            set.append(decoder.decode(document: configMap, file: Self.file))
        }
        return set
    }
}
