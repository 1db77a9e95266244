import VMNetCore
import VMNetManifest

/// Something in a manifest that Kubernetes, Multus or vmnet-cni would refuse, with where it is:
/// `file:line:column: field.path: message`.
struct Problem: CustomStringConvertible, Sendable {
    var location: SourceLocation
    var path: String
    var message: String

    var description: String { "\(location): \(path): \(message)" }
}

/// The problems found in one document so far.
struct ProblemList {
    private(set) var problems: [Problem] = []

    /// Records that `path` (at `node`, or where its parent `near` starts when it is missing) is wrong.
    mutating func add(_ path: String, at node: Node?, near: Node, _ message: String) {
        problems.append(Problem(location: (node ?? near).location, path: path, message: message))
    }

    /// Adds problems found by another check.
    mutating func add(contentsOf other: [Problem]) {
        problems += other
    }
}
