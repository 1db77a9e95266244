import Glibc
import VMNetSystem

/// A thread that waits for datagrams on one socket and hands each to a handler, until stopped.
///
/// It waits in `poll` on the socket and on a pipe, so `stop` wakes it at once instead of waiting for a packet
/// or a timeout. The socket keeps its network namespace, so the thread itself need not enter it.
final class ReceiveLoop: Sendable {
    /// The largest UDP payload.
    private static let bufferSize = 65_536

    let socket: DatagramSocket
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let thread: OSThread

    /// Starts the thread; `handle` runs on it for every datagram.
    init(socket: DatagramSocket, name: String, handle: @escaping @Sendable (Datagram, DatagramSocket) -> Void)
        throws(DHCPServerError)
    {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw .system(SystemError("pipe", code: errno)) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        do {
            thread = try OSThread(name: name) { [socket, wakeRead = fds[0]] in
                Self.run(socket: socket, wake: wakeRead, handle: handle)
            }
        } catch {
            fds.forEach { close($0) }
            throw .system(error)
        }
        self.socket = socket
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    /// Wakes the thread, waits for it to finish the datagram in hand, and closes the socket.
    func stop() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        thread.join()
        socket.close()
        close(wakeRead)
        close(wakeWrite)
    }

    private static func run(socket: DatagramSocket, wake: Int32, handle: (Datagram, DatagramSocket) -> Void) {
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        var descriptors = [
            pollfd(fd: socket.descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            // EINTR and other transient failures just mean: wait again.
            guard poll(&descriptors, 2, -1) > 0 else { continue }
            if descriptors[1].revents != 0 { return }
            if descriptors[0].revents != 0, let datagram = socket.receive(into: &buffer) {
                handle(datagram, socket)
            }
        }
    }
}
