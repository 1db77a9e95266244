import CVMNetSys
import Foundation
import Glibc

/// A dedicated OS thread that lives inside one network namespace and runs submitted jobs serially.
///
/// `setns` changes the namespace of the calling thread only, so namespace work must never run on a Swift
/// concurrency pool thread. Netlink, iptc and socket handles created on this thread keep the namespace
/// for their whole life, wherever they are used afterwards.
public final class NamespaceThread: @unchecked Sendable {
    /// The namespace file this thread entered, e.g. `/var/run/netns/pod1`.
    public let path: String

    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var stopping = false
    private var thread: Thread?

    /// Starts a thread and moves it into the network namespace at `path`.
    ///
    /// - Throws: `SystemError` when the file cannot be opened or `setns` fails (it needs CAP_SYS_ADMIN).
    public init(path: String) throws(SystemError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open \(path)", code: errno) }
        let started = NSCondition()
        nonisolated(unsafe) var result: Int32?
        let thread = Thread { [self] in
            let rc = vmnet_setns_net(fd)
            close(fd)
            started.lock()
            result = rc
            started.signal()
            started.unlock()
            if rc == 0 { serve() }
        }
        thread.name = "vmnet-netns \(path)"
        thread.start()
        started.lock()
        while result == nil { started.wait() }
        started.unlock()
        if let rc = result, rc != 0 { throw SystemError("setns \(path)", code: -rc) }
        self.thread = thread
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
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func submit(_ job: @escaping () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}

/// One submitted closure and its outcome, handed between the caller and the namespace thread.
private final class Job<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var work: (() throws -> T)?
    private var outcome: Result<T, any Error>?

    init(_ work: @escaping () throws -> T) {
        self.work = work
    }

    /// Runs the work on the namespace thread and releases it before waking the caller.
    func perform() {
        let value = Result { try work!() }
        work = nil
        condition.lock()
        outcome = value
        condition.signal()
        condition.unlock()
    }

    /// Waits for the outcome on the caller's thread.
    func result() throws -> T {
        condition.lock()
        while outcome == nil { condition.wait() }
        condition.unlock()
        return try outcome!.get()
    }
}
