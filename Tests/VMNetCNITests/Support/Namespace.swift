import Foundation
import Glibc
import Synchronization

private let counter = Atomic<Int>(0)

/// A network namespace made for one test (`ip netns add vmnet-test-cni-PID-N-ROLE`), with loopback up.
struct TestNamespace {
    /// The name `ip netns` knows it by.
    let name: String

    /// Its file, what `CNI_NETNS` names.
    var path: String { "/var/run/netns/\(name)" }

    /// Runs `body` with fresh namespaces, one per role, and deletes them afterwards, even when `body` throws.
    static func with<T>(_ roles: [String], _ body: ([TestNamespace]) throws -> T) throws -> T {
        var made: [TestNamespace] = []
        defer { for namespace in made { _ = try? run("/usr/sbin/ip", ["netns", "del", namespace.name]) } }
        for role in roles {
            let name = "vmnet-test-cni-\(getpid())-\(counter.add(1, ordering: .relaxed).newValue)-\(role)"
            try VMNetCNITests.ip("netns", "add", name)
            made.append(TestNamespace(name: name))
            try VMNetCNITests.ip("-n", name, "link", "set", "lo", "up")
        }
        return try body(made)
    }

    /// Runs `ip -n NAME ARGS`, throwing with its message when it fails.
    func ip(_ arguments: String...) throws {
        let result = try run("/usr/sbin/ip", ["-n", name] + arguments)
        guard result.status == 0 else { throw TestFailure("ip -n \(name) \(arguments.joined(separator: " ")): \(result.stderr)") }
    }

    /// `ip -j -n NAME ARGS`, decoded.
    func json(_ arguments: String...) throws -> [[String: Any]] {
        let result = try run("/usr/sbin/ip", ["-j", "-n", name] + arguments)
        guard result.status == 0 else { throw TestFailure("ip -j -n \(name) \(arguments.joined(separator: " ")): \(result.stderr)") }
        return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]) ?? []
    }

    /// The link named `name`, as `ip -j -d link show` prints it, or nil.
    func link(_ name: String) throws -> [String: Any]? {
        try json("-d", "link", "show").first { $0["ifname"] as? String == name }
    }

    /// The global addresses of `link`, `ADDRESS/PREFIX`.
    func addresses(of link: String) throws -> [String] {
        try json("address", "show", "dev", link).flatMap { entry in
            ((entry["addr_info"] as? [[String: Any]]) ?? []).filter { $0["scope"] as? String == "global" }
                .map { "\($0["local"] ?? "")/\($0["prefixlen"] ?? "")" }
        }
    }
}
