import Synchronization
import VMNetSystem

/// What a server and its receive thread share: the running loop, if any, and the counters.
///
/// The receive thread's handler holds this state, never the server itself, so a server can always be released,
/// and stopped by its `deinit`, from any thread but its own receive thread.
final class ServerState: Sendable {
    private let loop = Mutex<ReceiveLoop?>(nil)
    private let tally = Mutex(DHCPServerCounters())

    var counters: DHCPServerCounters { tally.withLock { $0 } }

    var isRunning: Bool { loop.withLock { $0 != nil } }

    func count(_ update: (inout DHCPServerCounters) -> Void) {
        tally.withLock { update(&$0) }
    }

    /// Opens a socket with `open` (on `namespace`'s thread when given, else on the calling thread) and starts a
    /// receive thread named `name` that hands every datagram to `handle`.
    func start(
        in namespace: NamespaceThread?, name: String, open: @escaping () throws(DHCPServerError) -> DatagramSocket,
        handle: @escaping @Sendable (Datagram, DatagramSocket) -> Void
    ) throws(DHCPServerError) {
        try loop.withLock { (loop: inout ReceiveLoop?) throws(DHCPServerError) in
            guard loop == nil else { throw .alreadyRunning }
            let socket: DatagramSocket
            if let namespace {
                // The body cannot throw: its failures travel in the Result.
                let opened = try! namespace.run { Result { () throws(DHCPServerError) in try open() } }
                socket = try opened.get()
            } else {
                socket = try open()
            }
            do throws(DHCPServerError) {
                loop = try ReceiveLoop(socket: socket, name: name, handle: handle)
            } catch {
                socket.close()
                throw error
            }
        }
    }

    /// Stops the receive thread, if any, and waits for it.
    func stop() {
        loop.withLock { loop in
            defer { loop = nil }
            return loop
        }?.stop()
    }
}
