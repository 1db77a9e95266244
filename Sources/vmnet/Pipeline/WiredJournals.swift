import VMNetRuntime

extension StateDirectory {
    /// The journals of the VMs wired in `namespace` (by `vmnet up` or `vmnet-cni`, found by the namespace's
    /// identity), for the commands that work from them (`serve`, `domain` without manifests); none is exit 1, a
    /// state directory that cannot be read exit 2.
    func wiredJournals(in namespace: NetworkNamespace) -> [Journal] {
        let journals: [Journal]
        do {
            journals = try self.journals(madeIn: namespace)
        } catch {
            CommandFailure(message: error.description, status: 2).exit()
        }
        guard !journals.isEmpty else {
            CommandFailure(message: "no VM is wired in \(namespace) (state in \(path)); run vmnet up, or have vmnet-cni wire it, first").exit()
        }
        return journals
    }
}
