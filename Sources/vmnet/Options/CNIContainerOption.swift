import ArgumentParser
import VMNetRuntime

/// `--cni-container`: a pod named by the container ID its CNI attachments were made for, as vmnet-cni records it.
struct CNIContainerOption: ParsableArguments {
    @Option(name: .customLong("cni-container"), help: ArgumentHelp(
        "The pod whose vmnet-cni attachments were made for this container ID (CNI_CONTAINERID, the sandbox's ID), looked up in the state directory.",
        valueName: "id"))
    var containerID: String?

    /// The namespace vmnet-cni wired for the container, from its attachment records in `state`.
    func namespace(in state: StateDirectory) throws(CommandFailure) -> NetworkNamespace? {
        guard let containerID else { return nil }
        let records: [AttachmentRecord]
        do {
            records = try state.attachments().filter { $0.containerID == containerID }
        } catch {
            throw CommandFailure(message: error.description, status: 2)
        }
        guard let record = records.first else {
            throw CommandFailure(message: "no vmnet-cni attachment of container \(containerID) is recorded in \(state.attachmentFolder)")
        }
        return NetworkNamespace(path: record.namespace)
    }
}
