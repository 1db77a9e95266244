/// The machine whose network namespaces the executor wires: whether this process may wire them, whether one
/// exists, and work run inside one with its `HostOperations`.
///
/// `KernelHost` is the real one (a thread inside the namespace, netlink, sysctls, libiptc) and the default of
/// `Executor.Options` and `PodFactsReader`; an in-memory host (`VMNetEmbeddedHost`) models the namespaces as
/// data, so the journal, rollback and judging logic run without root, as `NIOEmbedded` sits beside `NIOPosix`.
public protocol NetworkHost: Sendable {
    /// Throws `missingCapability`, naming what is missing, unless this process may wire namespaces; `command` is
    /// what the user ran (`vmnet up`). Callers that read a namespace's facts before `up` ask first, so the user
    /// hears of the capability, not of a refused `setns`.
    func requireWiringCapabilities(for command: String) throws(ExecutorError)

    /// Whether `namespace` exists.
    func exists(_ namespace: NetworkNamespace) -> Bool

    /// Runs `body` inside `namespace` with the namespace's operations, which are valid only during `body`, and
    /// returns what it returns.
    ///
    /// - Throws: `namespaceMissing` or `cannotEnterNamespace` when the namespace cannot be entered,
    ///   `cannotReadNamespace` when its operations cannot be opened, and whatever `body` throws.
    func run<T>(
        in namespace: NetworkNamespace, _ body: @escaping (any HostOperations) throws(ExecutorError) -> T
    ) throws(ExecutorError) -> T
}
