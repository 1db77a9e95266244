import FoundationEssentials
import Glibc

/// The child's side of the event log: each event is one JSON line, written with one `write` straight to the file,
/// so a crash right after it loses nothing.
struct EventLog {
    private let descriptor: Int32

    /// Opens `path` for appending.
    init?(path: String) {
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
    }

    /// Appends `event`.
    func append(_ event: ChildEvent) {
        guard var line = try? JSONEncoder().encode(event) else { return }
        line.append(0x0a)
        line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Reads every complete event of the log at `path`; a line cut short by a crash is left out.
    static func read(path: String) -> [ChildEvent] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return data.split(separator: 0x0a).compactMap { try? JSONDecoder().decode(ChildEvent.self, from: Data($0)) }
    }
}
