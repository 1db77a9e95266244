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
        path = FileManager.default.temporaryDirectory.path + "/vmnet-conformance-tests-\(getpid())-\(number)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
