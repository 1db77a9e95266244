import Foundation
import Synchronization

/// A folder under the system's temporary folder that the test removes when done, named after the process and a
/// counter so parallel tests never share one.
struct TemporaryFolder: ~Copyable {
    private static let counter = Atomic<Int>(0)

    /// The folder's path.
    let path: String

    init() throws {
        let number = Self.counter.add(1, ordering: .relaxed).newValue
        path = FileManager.default.temporaryDirectory.path + "/vmnet-plugin-tests-\(getpid())-\(number)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Creates a subfolder and returns its path.
    func folder(_ name: String) throws -> String {
        try FileManager.default.createDirectory(atPath: path + "/" + name, withIntermediateDirectories: true)
        return path + "/" + name
    }

    /// Copies `file` into the subfolder `folder` (created if needed) and returns the copy's path.
    @discardableResult
    func copy(_ file: String, into folder: String, as name: String? = nil) throws -> String {
        let target = try self.folder(folder) + "/" + (name ?? URL(fileURLWithPath: file).lastPathComponent)
        try FileManager.default.copyItem(atPath: file, toPath: target)
        return target
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
