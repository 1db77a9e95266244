import Foundation
import VMNetRuntime

/// A state directory for one test, under the temporary folder, deleted afterwards.
struct StateFolder {
    let path: String

    /// The executor's view of it.
    var directory: StateDirectory { StateDirectory(path: path) }

    /// The journal files in it, by path relative to it.
    var journals: [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// Runs `body` with a fresh folder, then deletes it.
    static func with<T>(_ body: (StateFolder) throws -> T) throws -> T {
        var template = Array("\(NSTemporaryDirectory())/vmnet-embedded-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        let folder = StateFolder(path: String(cString: made))
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        return try body(folder)
    }
}
