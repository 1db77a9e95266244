import VMNetSystem

/// Runs work on a dedicated thread inside a namespace: `setns` acts on the calling thread only, so netlink
/// sockets, tun devices, `/proc/sys/net` and libiptc handles made there belong to the namespace.
enum NamespaceWork {
    /// Starts a thread in `namespace`, runs `body` on it, and ends the thread.
    static func run<T>(
        in namespace: NetworkNamespace, _ body: @escaping () throws(ExecutorError) -> T
    ) throws(ExecutorError) -> T {
        try namespace.requireValid()
        guard namespace.exists else { throw .namespaceMissing(namespace) }
        let thread: NamespaceThread
        do {
            thread = try NamespaceThread(path: namespace.path)
        } catch {
            throw .cannotEnterNamespace(namespace, reason: error.description)
        }
        defer { thread.stop() }
        do {
            return try thread.run { () throws -> T in try body() }
        } catch let error as ExecutorError {
            throw error
        } catch {
            throw .cannotEnterNamespace(namespace, reason: "\(error)")
        }
    }
}

extension NetworkNamespace {
    /// Throws `.invalidNamespace` when the name or path given cannot name a namespace.
    func requireValid() throws(ExecutorError) {
        if let invalidity { throw .invalidNamespace(self, reason: invalidity) }
    }
}
