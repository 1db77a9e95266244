import VMNetCore

/// The kernel handles of one namespace, made on a thread inside it: the netlink socket, the sysctls, and the
/// nat table of each family and the nf_tables socket (opened when first needed).
final class NamespaceHandles {
    let socket: RouteSocket
    let sysctl: Sysctl
    private var tables: [IPFamily: NATTable] = [:]
    private var nftablesSocket: NFTSocket?

    /// Opens the handles of the calling thread's namespace.
    init() throws(StepError) {
        do {
            socket = try RouteSocket()
        } catch {
            throw .netlink(error)
        }
        do {
            sysctl = try Sysctl()
        } catch {
            throw .sysctl(error)
        }
    }

    /// The nat table of `family`.
    func natTable(_ family: IPFamily) throws(StepError) -> NATTable {
        if let table = tables[family] { return table }
        do {
            let table = try NATTable(family: family)
            tables[family] = table
            return table
        } catch {
            throw .iptables(error)
        }
    }

    /// The namespace's nf_tables socket.
    func nftables() throws(StepError) -> NFTSocket {
        if let nftablesSocket { return nftablesSocket }
        do {
            let socket = try NFTSocket()
            nftablesSocket = socket
            return socket
        } catch {
            throw .nftables(error)
        }
    }

    /// The NAT backend `kind` over these handles.
    func natBackend(_ kind: NATBackendKind) -> any NATBackend {
        switch kind {
        case .nftables: NFTablesNAT(handles: self)
        case .iptables: IPTablesNAT(handles: self)
        }
    }
}
