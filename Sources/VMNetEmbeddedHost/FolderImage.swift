import FoundationEssentials

/// The files under a folder, by path relative to it: what a kill leaves of the executor's state directory.
enum FolderImage {
    /// The files under `folder` and their bytes; none when it does not exist.
    static func read(_ folder: String) -> [String: [UInt8]] {
        let manager = FileManager.default
        var files: [String: [UInt8]] = [:]
        for path in (try? manager.subpathsOfDirectory(atPath: folder)) ?? [] {
            // A folder has no contents.
            if let data = manager.contents(atPath: "\(folder)/\(path)") { files[path] = Array(data) }
        }
        return files
    }

    /// Makes `folder` hold exactly `files` (folders kept, other files deleted).
    static func restore(_ files: [String: [UInt8]], in folder: String) throws(EmbeddedHostError) {
        let manager = FileManager.default
        for path in read(folder).keys where files[path] == nil {
            do {
                try manager.removeItem(atPath: "\(folder)/\(path)")
            } catch {
                throw .cannotRestore(path: "\(folder)/\(path)", reason: "\(error)")
            }
        }
        for (path, bytes) in files {
            let full = "\(folder)/\(path)"
            let parent = String(full[..<(full.lastIndex(of: "/") ?? full.endIndex)])
            do {
                try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
                try Data(bytes).write(to: URL(fileURLWithPath: full))
            } catch {
                throw .cannotRestore(path: full, reason: "\(error)")
            }
        }
    }
}
