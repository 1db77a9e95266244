import Foundation
import Glibc
import VMNetSystem

/// TCP listeners and connections made inside a namespace: a socket belongs to the namespace of the thread that
/// creates it, and keeps it wherever it is used afterwards.
enum TCPProbe {
    /// A listening socket on `port` (every address) inside `namespace`.
    static func listen(in namespace: String, port: UInt16) throws -> Int32 {
        try onThread(in: namespace) {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw TestFailure("socket: \(errno)") }
            var yes: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0, Glibc.listen(fd, 8) == 0 else {
                close(fd)
                throw TestFailure("bind/listen on port \(port): \(String(cString: strerror(errno)))")
            }
            return fd
        }
    }

    /// Accepts one connection within `seconds` and returns the peer's address, or nil when none came.
    static func accept(_ listener: Int32, seconds: Double = 3) -> String? {
        var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(seconds * 1000)) == 1 else { return nil }
        var peer = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = withUnsafeMutablePointer(to: &peer) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(listener, $0, &length) }
        }
        guard fd >= 0 else { return nil }
        close(fd)
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &peer.sin_addr, &text, socklen_t(text.count))
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Connects from inside `namespace` to `address`:`port` within `seconds`; whether the connection was made.
    static func connect(from namespace: String, to address: String, port: UInt16, seconds: Double = 3) throws -> Bool {
        try onThread(in: namespace) {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw TestFailure("socket: \(errno)") }
            defer { close(fd) }
            var target = sockaddr_in()
            target.sin_family = sa_family_t(AF_INET)
            target.sin_port = port.bigEndian
            inet_pton(AF_INET, address, &target.sin_addr)
            let started = withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if started == 0 { return true }
            guard errno == EINPROGRESS else { return false }
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&poller, 1, Int32(seconds * 1000)) == 1 else { return false }
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length)
            return failure == 0
        }
    }

    private static func onThread<T>(in namespace: String, _ body: @escaping () throws -> T) throws -> T {
        let thread = try NamespaceThread(name: namespace)
        defer { thread.stop() }
        return try thread.run(body)
    }
}
