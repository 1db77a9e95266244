import FoundationEssentials
import Glibc
import VMNetSystem

/// A journal bound to its file, rewritten atomically (`replaceFile`: temporary file, `fsync`, `rename`, `fsync` of
/// the folder) each time it changes, so a crash leaves either the old or the new journal, never a mix.
///
/// The header (facts and plan, which for a thousand forwarded ports holds three thousand rules) is encoded once
/// and spliced into every rewrite; only the phase and the entries are encoded again.
struct JournalFile {
    /// The file.
    let path: String
    /// The journal as last written.
    private(set) var journal: Journal
    private let headerJSON: Data

    /// Binds `journal` to `path` without writing it.
    init(path: String, journal: Journal) throws(ExecutorError) {
        self.path = path
        self.journal = journal
        do {
            headerJSON = try Self.encoder.encode(journal.header)
        } catch {
            throw .unreadableJournal(path: path, reason: "cannot encode it: \(error)")
        }
    }

    /// Reads the journal at `path`; nil when there is none.
    static func load(path: String) throws(ExecutorError) -> JournalFile? {
        guard let data = try contents(path) else { return nil }
        let journal: Journal
        do {
            journal = try JSONDecoder().decode(Journal.self, from: data)
        } catch {
            throw .unreadableJournal(path: path, reason: "\(error)")
        }
        guard journal.header.format == Journal.format else {
            throw .unreadableJournal(path: path, reason: "format \(journal.header.format), expected \(Journal.format)")
        }
        if let problem = JournalConsistency.problem(of: journal) { throw .tamperedJournal(path: path, reason: problem) }
        return try JournalFile(path: path, journal: journal)
    }

    /// Changes the journal in memory; `write` puts it on disk.
    mutating func update(_ change: (inout Journal) -> Void) {
        change(&journal)
    }

    /// Writes the journal atomically.
    func write() throws(ExecutorError) {
        var data = Data(#"{"header":"#.utf8)
        data.append(headerJSON)
        do {
            data.append(Data(#","phase":"#.utf8))
            data.append(try Self.encoder.encode(journal.phase))
            data.append(Data(#","entries":"#.utf8))
            data.append(try Self.encoder.encode(journal.entries))
        } catch {
            throw .unreadableJournal(path: path, reason: "cannot encode it: \(error)")
        }
        data.append(Data("}\n".utf8))
        do {
            try replaceFile(path, with: data, mode: 0o600)
        } catch {
            throw .stateFile(path: path, operation: "write", code: error.code)
        }
    }

    /// Deletes the file.
    func delete() throws(ExecutorError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .stateFile(path: path, operation: "delete", code: errno) }
        do {
            try syncFolder(of: path)
        } catch {
            throw .stateFile(path: path, operation: "delete", code: error.code)
        }
    }

    /// The contents of `path`; nil when there is no such file. Attachment records are read so too. A symbolic
    /// link is never followed, and a file that is not a regular file of this user, or that others may write, is
    /// refused.
    static func contents(_ path: String) throws(ExecutorError) -> Data? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            if errno == ELOOP { throw .unsafeStateFile(path: path, reason: "it is a symbolic link") }
            throw .stateFile(path: path, operation: "open", code: errno)
        }
        defer { close(fd) }
        try StateDirectory.requireOwn(descriptor: fd, path: path, type: S_IFREG)
        do {
            return Data(try readAll(descriptor: fd, path: path))
        } catch {
            throw .stateFile(path: path, operation: "read", code: error.code)
        }
    }

    /// Journals hold NAT rules as one string of lines (contract 1.2's form): a thousand-port plan's three thousand
    /// rules are one JSON value to write and read.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder.vmnetContract(.ruleBlocks)
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
}
