import Foundation

/// A folder of manifest files, read by polling: each scan says which files are there and when each last changed.
struct ManifestFolder {
    /// The folder.
    var path: String

    /// The `.yaml`, `.yml` and `.json` files in the folder, with their modification times; an unreadable folder
    /// reads as empty, so files come back when it does.
    func scan() -> [String: Date] {
        let manager = FileManager.default
        let names = (try? manager.contentsOfDirectory(atPath: path)) ?? []
        var files: [String: Date] = [:]
        for name in names where ["yaml", "yml", "json"].contains((name as NSString).pathExtension) {
            let file = (path as NSString).appendingPathComponent(name)
            if let modified = (try? manager.attributesOfItem(atPath: file))?[.modificationDate] as? Date {
                files[file] = modified
            }
        }
        return files
    }
}
