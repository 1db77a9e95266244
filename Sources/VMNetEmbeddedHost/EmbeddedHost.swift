import Synchronization
import VMNetCore
import VMNetRuntime

/// A machine whose network namespaces are data (`EmbeddedNamespace`), for tests of the executor that need no
/// root: pass it as `Executor.Options.host` (or `Wiring.Options.host`, `PodFactsReader`'s `host`), and journals,
/// rollbacks, resumes and judging run as they do against the kernel, while the test reads and changes the
/// namespaces directly.
///
/// Every `HostOperations` call is one numbered operation, logged in order (`operationLog`). A test makes the Nth
/// operation from now fail as the kernel would refuse it (`failOperation(_:)`), or the process die there
/// (`kill(atOperation:_:keeping:)`), leaving the namespaces and the state files as a `kill -9` would.
public final class EmbeddedHost: NetworkHost {
    /// Where a kill stops the process.
    public enum Moment: Sendable {
        /// Before the operation changes anything.
        case before
        /// Once the operation has made its change, before the caller hears of it.
        case after
    }

    private struct Namespace {
        var cookie: UInt64
        var contents: EmbeddedNamespace
    }

    /// What a kill left: the namespaces, and the files of the folder it keeps.
    private struct Image {
        var namespaces: [String: Namespace]
        var folder: String
        var files: [String: [UInt8]]
    }

    private struct State {
        var namespaces: [String: Namespace] = [:]
        var lastCookie: UInt64 = 0
        var log: [String] = []
        var failing: Set<Int> = []
        var kill: (number: Int, moment: Moment, folder: String)?
        var image: Image?
    }

    private let state = Mutex(State())

    /// A host without namespaces.
    public init() {}

    /// Makes `namespace` with `contents` (by default as `ip netns add` makes it) and a cookie never used before,
    /// replacing a namespace at the same path, as a namespace made again is a new one.
    public func add(_ namespace: NetworkNamespace, _ contents: EmbeddedNamespace = EmbeddedNamespace()) {
        state.withLock { state in
            state.lastCookie += 1
            state.namespaces[namespace.path] = Namespace(cookie: state.lastCookie, contents: contents)
        }
    }

    /// Deletes `namespace`, and everything in it.
    public func remove(_ namespace: NetworkNamespace) {
        _ = state.withLock { $0.namespaces.removeValue(forKey: namespace.path) }
    }

    /// What `namespace` holds now; nil when there is no such namespace.
    public subscript(namespace: NetworkNamespace) -> EmbeddedNamespace? {
        state.withLock { $0.namespaces[namespace.path]?.contents }
    }

    /// Changes `namespace` as another program would (its cookie stays); what `change` throws is rethrown and
    /// changes nothing. Without such a namespace it does nothing.
    public func change<E: Error>(_ namespace: NetworkNamespace, _ change: (inout EmbeddedNamespace) throws(E) -> Void) throws(E) {
        try state.withLock { (state) throws(E) in
            guard var contents = state.namespaces[namespace.path]?.contents else { return }
            try change(&contents)
            state.namespaces[namespace.path]?.contents = contents
        }
    }

    /// The operations asked for so far, oldest first, each as `N: WHAT`.
    public var operationLog: [String] { state.withLock { $0.log } }

    /// How many operations were asked for so far.
    public var operationCount: Int { state.withLock { $0.log.count } }

    /// Makes the `count`th operation from now fail, as the kernel would refuse it (once); calls add up.
    public func failOperation(_ count: Int) {
        state.withLock { _ = $0.failing.insert($0.log.count + count) }
    }

    /// Makes the process die at the `count`th operation from now, `moment` it: the namespaces and the files
    /// under `folder` (the executor's state directory) are kept as they were then, and every later operation
    /// fails, until `restart()`.
    public func kill(atOperation count: Int, _ moment: Moment, keeping folder: String) {
        state.withLock { $0.kill = ($0.log.count + count, moment, folder) }
    }

    /// Whether a kill happened since the last `restart()`.
    public var isKilled: Bool { state.withLock { $0.image != nil } }

    /// Brings the host back after a kill: the namespaces and the kept folder as the kill left them. Without a
    /// kill it does nothing.
    public func restart() throws(EmbeddedHostError) {
        guard let image = state.withLock({ state -> Image? in
            defer { state.image = nil }
            if let image = state.image { state.namespaces = image.namespaces }
            return state.image
        }) else { return }
        try FolderImage.restore(image.files, in: image.folder)
    }

    /// Needs nothing: the in-memory host has no privileges.
    public func requireWiringCapabilities(for command: String) throws(ExecutorError) {}

    /// Whether `namespace` was added and not removed.
    public func exists(_ namespace: NetworkNamespace) -> Bool {
        state.withLock { $0.namespaces[namespace.path] != nil }
    }

    /// Runs `body` on the calling thread with the operations of `namespace`.
    public func run<T>(
        in namespace: NetworkNamespace, _ body: @escaping (any HostOperations) throws(ExecutorError) -> T
    ) throws(ExecutorError) -> T {
        guard let cookie = state.withLock({ $0.namespaces[namespace.path]?.cookie }) else {
            throw .namespaceMissing(namespace)
        }
        return try body(EmbeddedOperations(host: self, path: namespace.path, cookie: cookie))
    }

    /// Performs one operation on the namespace at `path`: numbers and logs it, fails or kills it when asked, and
    /// keeps the change only when `body` returns. `refusal` is the kernel's error for a failure at it.
    func operate<T>(
        _ path: String, _ what: String, refusal: (String) -> StepError,
        _ body: (inout EmbeddedNamespace) throws(StepError) -> T
    ) throws(StepError) -> T {
        let outcome: Result<T, StepError> = state.withLock { state in
            state.log.append("\(state.log.count + 1): \(what)")
            let number = state.log.count
            if state.image != nil { return .failure(refusal("the process was killed")) }
            if state.failing.remove(number) != nil {
                return .failure(refusal("failure injected by the embedded host at operation \(number)"))
            }
            guard var namespace = state.namespaces[path] else {
                return .failure(refusal("the namespace is gone"))
            }
            let kill = state.kill.flatMap { $0.number == number ? $0 : nil }
            if let kill, kill.moment == .before {
                Self.image(&state, kill.folder)
                return .failure(refusal("the process was killed"))
            }
            let result: T
            do throws(StepError) {
                result = try body(&namespace.contents)
            } catch {
                return .failure(error)
            }
            state.namespaces[path] = namespace
            if let kill {
                Self.image(&state, kill.folder)
                return .failure(refusal("the process was killed"))
            }
            return .success(result)
        }
        return try outcome.get()
    }

    private static func image(_ state: inout State, _ folder: String) {
        state.kill = nil
        state.image = Image(namespaces: state.namespaces, folder: folder, files: FolderImage.read(folder))
    }
}
