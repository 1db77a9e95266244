import Glibc
import VMNetSystem

/// The DNS settings a guest inherits from the pod's `resolv.conf`, with KubeVirt's fallbacks.
///
/// Only `nameserver` lines with exactly one address and `search` lines count; everything else (comments,
/// `options`, `domain`) is ignored, as KubeVirt does.
public struct ResolvConf: Sendable, Hashable {
    /// The nameserver used when the file names none at all.
    public static let fallbackNameserver = IPv4Address(8, 8, 8, 8)
    /// The search domain used when the file names none.
    public static let fallbackSearchDomain = "cluster.local"

    /// The IPv4 nameservers, in file order; `8.8.8.8` when the file has no nameserver of either family.
    public var ipv4Nameservers: [IPv4Address]
    /// The IPv6 nameservers, in file order.
    public var ipv6Nameservers: [IPv6Address]
    /// The search domains, lower-cased, in file order; `cluster.local` when the file has none.
    public var searchDomains: [String]

    /// Parses the text of a `resolv.conf`.
    public init(parsing text: String) {
        var ipv4: [IPv4Address] = []
        var ipv6: [IPv6Address] = []
        var search: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            switch fields.first {
            case "nameserver" where fields.count == 2:
                if let address = try? IPv4Address(parsing: fields[1]) {
                    ipv4.append(address)
                } else if let address = try? IPv6Address(parsing: fields[1]) {
                    ipv6.append(address)
                }
            case "search":
                search += fields.dropFirst().map { $0.lowercased() }
            default:
                continue
            }
        }
        if ipv4.isEmpty && ipv6.isEmpty { ipv4 = [Self.fallbackNameserver] }
        if search.isEmpty { search = [Self.fallbackSearchDomain] }
        ipv4Nameservers = ipv4
        ipv6Nameservers = ipv6
        searchDomains = search
    }

    /// Reads and parses the file at `path`.
    ///
    /// - Throws: `SystemError` when the file cannot be read.
    public init(contentsOfFile path: String = "/etc/resolv.conf") throws(SystemError) {
        self.init(parsing: String(decoding: try readAll(path), as: UTF8.self))
    }

    /// The search list a guest gets: with a `subdomain` (a VM's `spec.subdomain`), `<subdomain>.<longest *.svc.*
    /// domain>` comes first, unless that domain already starts with the subdomain.
    public func searchList(subdomain: String? = nil) -> [String] {
        guard let subdomain, !subdomain.isEmpty,
              let serviceDomain = longest(searchDomains.filter { $0.contains(".svc.") }),
              !serviceDomain.hasPrefix(subdomain + ".")
        else { return searchDomains }
        return [subdomain + "." + serviceDomain] + searchDomains
    }

    /// The domain name (option 15) a guest gets: the longest entry of its search list.
    public func domainName(subdomain: String? = nil) -> String? {
        longest(searchList(subdomain: subdomain))
    }

    private func longest(_ domains: [String]) -> String? {
        domains.reduce(nil) { best, domain in domain.count > (best?.count ?? -1) ? domain : best }
    }
}
