import VMNetCore
import VMNetManifest
import VMNetPluginHost
import VMNetRuntime
import VMNetWiring

/// One CNI call with its parameters and configuration: what every verb needs.
struct CNICall: Sendable {
    let call: CNIEnvironment
    let config: CNIConfig
    let input: [UInt8]
    let log: @Sendable (String) -> Void
    /// Where journals and attachment records are kept.
    let state: StateDirectory
    /// The plugins of `pluginPath` and the standard folders, described from a cache in the state directory and
    /// opened on their first call; built once per call, the first time a stage needs them.
    let plugins: LazyDriverSet

    init(call: CNIEnvironment, config: CNIConfig, input: [UInt8], log: @escaping @Sendable (String) -> Void) {
        self.call = call
        self.config = config
        self.input = input
        self.log = log
        let state = StateDirectory(path: config.stateDir ?? CNIConfig.defaultStateDirectory)
        self.state = state
        plugins = LazyDriverSet {
            let registry = PluginRegistry(
                searchPath: .standard(options: config.pluginPath ?? []), cache: PluginCache(path: "\(state.path)/plugins.json"))
            for refusal in registry.refused where !refusal.isShadowed { log("vmnet-cni: warning: \(refusal)") }
            return registry.drivers
        }
    }

    /// The CNI network's name, which attachment records are kept under.
    var networkName: String { config.name ?? "" }

    /// The pipeline over the plugins, with this configuration's choices; `podInterfaces` names the pod interface of
    /// the network wired.
    func wiring(podInterfaces: [String: String] = [:]) throws(CNIError) -> Wiring {
        let naming: InterfaceNaming
        switch config.naming ?? "ordinal" {
        case "ordinal": naming = .ordinal
        case "hashed": naming = .hashed
        case let other:
            throw CNIError(.invalidNetworkConfig, "naming is '\(other)': it must be ordinal or hashed")
        }
        var natBackend: NATBackendChoice?
        if let value = config.natBackend {
            guard let choice = NATBackendChoice(rawValue: value) else {
                throw CNIError(.invalidNetworkConfig, "natBackend is '\(value)': it must be auto, nftables or iptables")
            }
            natBackend = choice
        }
        let plugins = self.plugins
        return Wiring(
            drivers: plugins.drivers, pod: PodContext(environment: [:]),
            options: Wiring.Options(
                naming: naming, tapOwner: config.tapOwner ?? 0, tapGroup: config.tapGroup ?? 0, cniConfigDirectory: nil,
                podInterfaces: podInterfaces, stateDirectory: state, natBackend: natBackend))
    }

    /// The record of this call's attachment, if ADD made one.
    func record() throws(CNIError) -> AttachmentRecord? {
        do throws(ExecutorError) {
            return try state.attachment(containerID: call.containerID, ifname: call.ifname)
        } catch {
            throw CNIError(.ioFailure, error.description)
        }
    }

    /// Undoes `record`'s journal (nothing to undo, or a namespace gone, is fine) and deletes the record.
    func unwire(_ record: AttachmentRecord) throws(CNIError) {
        let wiring = try wiring()
        do throws(WiringError) {
            let outcome = try wiring.down(record.vm, in: NetworkNamespace(path: record.namespace))
            log("vmnet-cni: \(record.containerID)/\(record.ifname): \(outcome.action.rawValue), \(outcome.stepsUndone) steps undone")
        } catch {
            throw CNIError(.wiringFailed, "cannot unwire \(record.vm) from \(record.namespace)", details: error.description)
        }
        do throws(ExecutorError) {
            try state.removeAttachment(containerID: record.containerID, ifname: record.ifname)
        } catch {
            throw CNIError(.ioFailure, error.description)
        }
    }
}
