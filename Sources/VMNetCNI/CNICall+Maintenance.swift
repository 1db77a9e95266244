import Glibc
import VMNetPluginHost
import VMNetRuntime
import VMNetWiring

extension CNICall {
    /// DEL: undoes the attachment's journal from its record alone, so it works with `CNI_NETNS` empty or gone, after
    /// a reboot, after an ADD that failed halfway, and when called again.
    func del() throws(CNIError) {
        guard let record = try record() else {
            log("vmnet-cni: \(call.containerID)/\(call.ifname): no attachment recorded: nothing to undo")
            return
        }
        try unwire(record)
    }

    /// CHECK: compares the namespace with the attachment's journal; fails with every difference.
    func check() throws(CNIError) {
        guard let record = try record() else {
            throw CNIError(.unknownContainer, "vmnet-cni has no attachment \(call.containerID)/\(call.ifname) (state in \(state.path)): it was never added, or was deleted")
        }
        let wiring = try wiring()
        let problems: [String]
        do throws(WiringError) {
            problems = try wiring.check(record.vm, in: NetworkNamespace(path: call.netns))
        } catch {
            throw CNIError(.wiringFailed, error.description)
        }
        guard let first = problems.first else { return }
        throw CNIError(
            .checkFailed, "the pod differs from what vmnet-cni wired for \(record.vm): \(first)",
            details: problems.count > 1 ? problems.joined(separator: "; ") : nil)
    }

    /// GC: undoes every attachment of this network not named in `cni.dev/valid-attachments`, going on past
    /// failures and reporting them all.
    func gc() throws(CNIError) {
        guard let valid = config.validAttachments else {
            throw CNIError(.invalidNetworkConfig, "GC needs cni.dev/valid-attachments: the attachments still in use")
        }
        let keep = Set(valid.map { "\($0.containerID)@\($0.ifname)" })
        let records: [AttachmentRecord]
        do throws(ExecutorError) {
            records = try state.attachments()
        } catch {
            throw CNIError(.ioFailure, error.description)
        }
        var failures: [String] = []
        for record in records where record.network == networkName && !keep.contains("\(record.containerID)@\(record.ifname)") {
            do throws(CNIError) {
                try unwire(record)
            } catch {
                failures.append("\(record.containerID)/\(record.ifname): \(error)")
            }
        }
        if !failures.isEmpty {
            throw CNIError(.wiringFailed, "GC could not undo \(failures.count) attachment\(failures.count == 1 ? "" : "s")", details: failures.joined(separator: "\n"))
        }
    }

    /// STATUS: ready when a binding plugin loads and the state directory is writable; else code 50, saying why.
    func status() throws(CNIError) {
        let registry = PluginRegistry(searchPath: .standard(options: config.pluginPath ?? []))
        if registry.drivers.bindings.isEmpty {
            let why = registry.refused.map(\.description).joined(separator: "; ")
            throw CNIError(.notAvailable, "no binding plugin loads from \(registry.searchPath.folders.map(\.path).joined(separator: ", "))", details: why.isEmpty ? nil : why)
        }
        let path = state.path
        guard (mkdir(path, 0o700) == 0 || errno == EEXIST), access(path, W_OK) == 0 else {
            throw CNIError(.notAvailable, "the state directory \(path) is not writable: \(String(cString: strerror(errno)))")
        }
    }
}
