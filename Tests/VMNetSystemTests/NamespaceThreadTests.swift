import Foundation
import Glibc
import Testing
@testable import VMNetSystem

/// Runs `ip` with `arguments`, failing the test on a non-zero exit.
func ip(_ arguments: String...) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "ip \(arguments.joined(separator: " "))")
}

/// The inode of the network namespace the calling thread is in.
func currentNetworkNamespace() throws -> String {
    try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net")
}

@Suite("NamespaceThread")
struct NamespaceThreadTests {
    @Test("a missing namespace file is a typed error naming the path")
    func missingNamespace() {
        #expect(throws: SystemError("open /var/run/netns/vmnet-does-not-exist", code: ENOENT)) {
            try NamespaceThread(name: "vmnet-does-not-exist")
        }
    }

    @Test("jobs run inside the namespace while the caller stays outside (needs root)",
          .enabled(if: getuid() == 0, "creating a network namespace needs root"))
    func runsInsideNamespace() throws {
        let name = "vmnet-test-\(getpid())"
        try ip("netns", "add", name)
        defer { try? ip("netns", "del", name) }
        let outside = try currentNetworkNamespace()
        let thread = try NamespaceThread(name: name)
        defer { thread.stop() }
        let inside = try thread.run { try currentNetworkNamespace() }
        let expected = try FileManager.default.attributesOfItem(atPath: "/var/run/netns/\(name)")[.systemFileNumber] as? Int
        #expect(inside != outside)
        #expect(inside == "net:[\(expected ?? -1)]")
        #expect(try currentNetworkNamespace() == outside)
    }
}
