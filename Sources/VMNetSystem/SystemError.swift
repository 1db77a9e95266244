import Glibc

/// An error from a system call, carrying the call's name and the `errno` it set.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The failing operation, e.g. `open /var/run/netns/pod1`.
    public var operation: String
    /// The `errno` value.
    public var code: Int32

    /// Creates an error for `operation` failing with `code`.
    public init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// The kernel's text for the error code (`strerror`).
    public var reason: String { String(cString: strerror(code)) }

    public var description: String { "\(operation): \(reason)" }
}
