import FoundationEssentials
import Glibc

/// The effective capabilities of this process, from `/proc/self/status`.
enum Capabilities {
    /// `CAP_NET_ADMIN`: links, addresses, routes, sysctls under net/, iptables.
    static let networkAdministration = (bit: 12, name: "CAP_NET_ADMIN")
    /// `CAP_SYS_ADMIN`: `setns` into another network namespace.
    static let systemAdministration = (bit: 21, name: "CAP_SYS_ADMIN")

    /// Throws, naming what is missing, unless the process may wire a namespace.
    static func requireNamespaceWiring(for command: String) throws(ExecutorError) {
        guard let effective = effective() else { return }
        let missing = [networkAdministration, systemAdministration]
            .filter { effective & (1 << UInt64($0.bit)) == 0 }
            .map(\.name)
        if !missing.isEmpty { throw .missingCapability(command: command, missing: missing) }
    }

    /// The `CapEff` mask; nil when it cannot be read, in which case the kernel's EPERM will say it.
    static func effective() -> UInt64? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("CapEff:") {
                return UInt64(text.dropFirst("CapEff:".count).trimmingWhitespace(), radix: 16)
            }
        }
        return nil
    }
}
