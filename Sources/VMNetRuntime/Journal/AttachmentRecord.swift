import FoundationEssentials
import Glibc
import VMNetSystem

/// Where a CNI attachment's journal is: the container runtime names an attachment by container ID and interface
/// name, and may call DEL with no network namespace, after it is gone, or twice, so the namespace path and the VM
/// the journal is filed under are kept by that name (`STATE/attachments/CONTAINERID@IFNAME.json`).
public struct AttachmentRecord: Codable, Sendable, Equatable {
    /// `CNI_CONTAINERID`.
    public var containerID: String
    /// `CNI_IFNAME`.
    public var ifname: String
    /// The CNI network's name (the configuration's `name`): GC only collects its own network's attachments.
    public var network: String
    /// The namespace file the attachment was wired in (`CNI_NETNS`).
    public var namespace: String
    /// The reference the journal is filed under.
    public var vm: VMReference

    /// Creates a record.
    public init(containerID: String, ifname: String, network: String, namespace: String, vm: VMReference) {
        self.containerID = containerID
        self.ifname = ifname
        self.network = network
        self.namespace = namespace
        self.vm = vm
    }
}

extension StateDirectory {
    /// The folder of the attachment records.
    public var attachmentFolder: String { "\(path)/attachments" }

    /// The record file of an attachment: a container ID holds no `@`, so the name is unambiguous.
    public func attachmentPath(containerID: String, ifname: String) -> String {
        "\(attachmentFolder)/\(FileName.bounded("\(FileName.escaping(containerID))@\(FileName.escaping(ifname))")).json"
    }

    /// The record of an attachment; nil when there is none.
    public func attachment(containerID: String, ifname: String) throws(ExecutorError) -> AttachmentRecord? {
        let path = attachmentPath(containerID: containerID, ifname: ifname)
        guard let data = try JournalFile.contents(path) else { return nil }
        do {
            return try JSONDecoder().decode(AttachmentRecord.self, from: data)
        } catch {
            throw .unreadableJournal(path: path, reason: "\(error)")
        }
    }

    /// Writes `record` (creating the folders, mode 0700), replacing an earlier one, so that it survives a crash.
    public func save(_ record: AttachmentRecord) throws(ExecutorError) {
        for folder in [path, attachmentFolder] {
            try Self.makeOwnFolder(folder)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // A record is plain data; encoding it cannot fail.
        let path = attachmentPath(containerID: record.containerID, ifname: record.ifname)
        do {
            try replaceFile(path, with: try! encoder.encode(record), mode: 0o600)
        } catch {
            throw .stateFile(path: path, operation: "write", code: error.code)
        }
    }

    /// Deletes an attachment's record; one already gone is fine.
    public func removeAttachment(containerID: String, ifname: String) throws(ExecutorError) {
        let path = attachmentPath(containerID: containerID, ifname: ifname)
        guard unlink(path) == 0 || errno == ENOENT else { throw .stateFile(path: path, operation: "delete", code: errno) }
        do {
            try syncFolder(of: path)
        } catch {
            throw .stateFile(path: path, operation: "delete", code: error.code)
        }
    }

    /// Every attachment record, sorted by file name.
    public func attachments() throws(ExecutorError) -> [AttachmentRecord] {
        let names = try Self.entries(of: attachmentFolder).filter { $0.hasSuffix(".json") }
        var records: [AttachmentRecord] = []
        for name in names {
            let path = "\(attachmentFolder)/\(name)"
            guard let data = try JournalFile.contents(path) else { continue }
            do {
                records.append(try JSONDecoder().decode(AttachmentRecord.self, from: data))
            } catch {
                throw .unreadableJournal(path: path, reason: "\(error)")
            }
        }
        return records
    }
}
