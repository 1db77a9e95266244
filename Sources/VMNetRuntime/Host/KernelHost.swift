/// The real host: work runs on a thread that has entered the namespace (`setns`), through netlink, the
/// namespace's `/proc/sys/net` and libiptc.
public struct KernelHost: NetworkHost {
    /// The host this process runs on.
    public init() {}

    /// Throws unless the process has CAP_NET_ADMIN and CAP_SYS_ADMIN.
    public func requireWiringCapabilities(for command: String) throws(ExecutorError) {
        try Capabilities.requireNamespaceWiring(for: command)
    }

    /// Whether the namespace file exists.
    public func exists(_ namespace: NetworkNamespace) -> Bool {
        namespace.exists
    }

    /// Runs `body` on a new thread inside `namespace`, with the netlink socket, sysctls and nat tables opened
    /// there.
    public func run<T>(
        in namespace: NetworkNamespace, _ body: @escaping (any HostOperations) throws(ExecutorError) -> T
    ) throws(ExecutorError) -> T {
        try NamespaceWork.run(in: namespace) { () throws(ExecutorError) -> T in
            let handles: NamespaceHandles
            do throws(StepError) {
                handles = try NamespaceHandles()
            } catch {
                throw .cannotReadNamespace(namespace, error)
            }
            return try body(handles)
        }
    }
}
