// vmnet-host-snapshot save FILE | compare FILE
//
// `make test`'s check that the tests leave the host's own network namespace as they found it: `save` writes a
// snapshot (VMNetTestKit's NamespaceSnapshot: links, addresses, routes, every iptables-legacy and ip6tables-legacy
// table, the nftables ruleset, the sysctls vmnet writes, /var/lib/cni and /etc/cni) before the tests, `compare`
// takes another after them and exits 1 with every line that differs.
import FoundationEssentials
import Glibc
import VMNetTestKit

/// The sysctls vmnet's plans write (in pods; on the host they must stay as they were).
let sysctls = [
    "net/ipv4/ip_forward", "net/ipv6/conf/all/forwarding", "net/ipv6/conf/default/forwarding",
    "net/ipv4/conf/all/route_localnet", "net/ipv4/conf/default/route_localnet", "net/ipv4/conf/all/arp_ignore",
]
let isRoot = getuid() == 0
let scope = NamespaceSnapshot.Scope(
    iptables: isRoot, nftables: isRoot && Command.path(of: "nft") != nil, sysctls: sysctls,
    folders: ["/var/lib/cni", "/etc/cni"])

func fail(_ message: String) -> Never {
    let line = Array("vmnet-host-snapshot: \(message)\n".utf8)
    _ = write(STDERR_FILENO, line, line.count)
    exit(1)
}

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 2, let verb = arguments.first, ["save", "compare"].contains(verb), let file = arguments.last else {
    fail("usage: vmnet-host-snapshot save|compare FILE")
}
let snapshot: NamespaceSnapshot
do {
    snapshot = try NamespaceSnapshot.take(nil, scope)
} catch {
    fail("cannot read the host's namespace: \(error)")
}
if verb == "save" {
    let text = snapshot.lines.joined(separator: "\n") + "\n"
    guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8)) else { fail("cannot write \(file)") }
    print("vmnet-host-snapshot: \(snapshot.lines.count) lines of the host's namespace saved in \(file)\(isRoot ? "" : " (not root: no iptables or nft)")")
} else {
    guard let saved = FileManager.default.contents(atPath: file) else { fail("no snapshot at \(file): run save first") }
    let before = NamespaceSnapshot(lines: String(decoding: saved, as: UTF8.self).split(separator: "\n").map(String.init))
    let difference = snapshot.difference(from: before)
    guard difference.isEmpty else {
        fail("the host's namespace changed during the tests (- gone, + new):\n" + difference.joined(separator: "\n"))
    }
    print("vmnet-host-snapshot: the host's namespace is as it was (\(snapshot.lines.count) lines)")
}
