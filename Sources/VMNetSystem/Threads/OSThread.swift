import CVMNetSys
import Glibc
import Synchronization

/// A kernel thread that runs one closure, for work that must stay on one thread (`setns`) or block in system
/// calls. It needs no Foundation, so a small server that links only this module stays small.
package final class OSThread: Sendable {
    private let handle: pthread_t
    private let joined = Atomic(false)

    /// Starts a thread named `name` (the kernel keeps its first 15 bytes) that runs `body`.
    ///
    /// - Throws: `SystemError` when the thread cannot be created.
    package init(name: String, _ body: @escaping @Sendable () -> Void) throws(SystemError) {
        let shortName = String(decoding: name.utf8.prefix(15), as: UTF8.self)
        let context = Unmanaged.passRetained(Box {
            _ = vmnet_thread_name(shortName)
            body()
        }).toOpaque()
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { context in
            let body = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue().body
            body()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            throw SystemError("pthread_create \(name)", code: rc)
        }
        self.handle = handle
    }

    /// Waits for the thread's closure to return. Call it at most once, and never from the thread itself.
    package func join() {
        guard !joined.exchange(true, ordering: .acquiringAndReleasing) else { return }
        pthread_join(handle, nil)
    }

    /// A thread nobody joined releases its resources when it ends.
    deinit {
        if !joined.load(ordering: .acquiring) { pthread_detach(handle) }
    }

    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}
