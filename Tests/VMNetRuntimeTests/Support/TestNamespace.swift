import Foundation
import Glibc
import Synchronization
import VMNetSystem
import VMNetTestKit

private let counter = Atomic<Int>(0)

/// A network namespace made for one test (`ip netns add vmnet-test-PID-N`), with a thread inside it.
struct TestNamespace {
    /// The namespace name under /var/run/netns.
    let name: String
    /// A thread inside the namespace.
    let thread: NamespaceThread

    /// Runs `body` with a fresh namespace and deletes the namespace afterwards, even when `body` throws.
    static func with<T>(_ body: (TestNamespace) throws -> T) throws -> T {
        let name = "vmnet-test-\(getpid())-\(counter.add(1, ordering: .relaxed).newValue)"
        let made = try run("ip", "netns", "add", name)
        guard made.status == 0 else { throw TestFailure("ip netns add \(name): \(made.stderr)") }
        defer { _ = try? run("ip", "netns", "del", name) }
        let thread = try NamespaceThread(name: name)
        defer { thread.stop() }
        return try body(TestNamespace(name: name, thread: thread))
    }

    /// Runs `command` inside the namespace (`ip netns exec`).
    @discardableResult
    func exec(_ command: String...) throws -> CommandResult {
        try run(["ip", "netns", "exec", name] + command)
    }
}
