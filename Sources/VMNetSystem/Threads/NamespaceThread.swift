import CVMNetSys
import Glibc

/// A dedicated OS thread that lives inside one network namespace and runs submitted jobs serially.
///
/// `setns` changes the namespace of the calling thread only, so namespace work must never run on a Swift
/// concurrency pool thread. Netlink, iptc and socket handles created on this thread keep the namespace
/// for their whole life, wherever they are used afterwards.
public final class NamespaceThread: @unchecked Sendable {
    /// The namespace file this thread entered, e.g. `/var/run/netns/pod1`.
    public let path: String

    private let lock = ConditionLock()
    private var jobs: [() -> Void] = []
    private var stopping = false

    /// Starts a thread and moves it into the network namespace at `path`.
    ///
    /// - Throws: `SystemError` when the file cannot be opened, the thread cannot start or `setns` fails (it
    ///   needs CAP_SYS_ADMIN).
    public init(path: String) throws(SystemError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open \(path)", code: errno) }
        // The new thread's setns outcome: 0, or -errno.
        let entered = Handoff<Int32>()
        do {
            _ = try OSThread(name: "vmnet-netns") { [self] in
                let rc = vmnet_setns_net(fd)
                close(fd)
                entered.hand(rc)
                if rc == 0 { serve() }
            }
        } catch {
            close(fd)
            throw error
        }
        let rc = entered.take()
        if rc != 0 { throw SystemError("setns \(path)", code: -rc) }
    }

    /// Creates a thread for the named namespace under `/var/run/netns` (as made by `ip netns add NAME`).
    public convenience init(name: String) throws(SystemError) {
        try self.init(path: "/var/run/netns/\(name)")
    }

    deinit { stop() }

    /// Runs `body` on the namespace thread and waits for its result.
    ///
    /// Do not call it from the namespace thread itself (from inside another `run`): that would wait forever.
    public func run<T>(_ body: @escaping () throws -> T) throws -> T {
        let job = Job(body)
        submit { job.perform() }
        return try job.result()
    }

    /// Ends the thread after the jobs already submitted.
    public func stop() {
        lock.withLock {
            stopping = true
            lock.broadcast()
        }
    }

    private func submit(_ job: @escaping () -> Void) {
        lock.withLock {
            jobs.append(job)
            lock.broadcast()
        }
    }

    private func serve() {
        while true {
            let job: (() -> Void)? = lock.withLock {
                while jobs.isEmpty && !stopping { lock.wait() }
                return jobs.isEmpty ? nil : jobs.removeFirst()
            }
            guard let job else { return }
            job()
        }
    }
}

/// One submitted closure, run on the namespace thread, and its outcome handed back to the caller.
private final class Job<T>: @unchecked Sendable {
    // @unchecked: `work` is touched by the namespace thread only; the outcome crosses through `outcome`.
    private var work: (() throws -> T)?
    private let outcome = Handoff<Result<T, any Error>>()

    init(_ work: @escaping () throws -> T) {
        self.work = work
    }

    /// Runs the work on the namespace thread and releases it before waking the caller.
    func perform() {
        let value = Result { try work!() }
        work = nil
        outcome.hand(value)
    }

    /// Waits for the outcome on the caller's thread.
    func result() throws -> T {
        try outcome.take().get()
    }
}
