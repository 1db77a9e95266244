import Glibc
import VMNetSystem

/// A UDP socket a test opens inside a guest namespace, to send what no real client would.
final class GuestSocket {
    let descriptor: Int32

    /// Opens a socket of `family` in `namespace`, on `eth0`, bound to `port` (0 for any).
    init(in namespace: NamespaceThread, family: Int32, port: UInt16) throws {
        descriptor = try namespace.run {
            let fd = socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw SystemError("socket", code: errno) }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, 4)
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, 4)
            setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, "eth0", 5)
            let rc: Int32
            if family == AF_INET {
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = port.bigEndian
                rc = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
            } else {
                var address = sockaddr_in6()
                address.sin6_family = sa_family_t(AF_INET6)
                address.sin6_port = port.bigEndian
                rc = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
                }
            }
            guard rc == 0 else {
                close(fd)
                throw SystemError("bind", code: errno)
            }
            return fd
        }
    }

    deinit { close(descriptor) }

    /// Sends `bytes` to an IPv4 address and port.
    func send(_ bytes: [UInt8], toIPv4 address: String, port: UInt16) throws {
        var destination = sockaddr_in()
        destination.sin_family = sa_family_t(AF_INET)
        destination.sin_port = port.bigEndian
        inet_pton(AF_INET, address, &destination.sin_addr)
        let sent = withUnsafePointer(to: &destination) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                bytes.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, 0, target, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard sent == bytes.count else { throw SystemError("sendto \(address)", code: errno) }
    }

    /// Sends `bytes` to an IPv6 address on `eth0` and port.
    func send(_ bytes: [UInt8], toIPv6 address: String, port: UInt16, in namespace: NamespaceThread) throws {
        let index = try namespace.run { if_nametoindex("eth0") }
        var destination = sockaddr_in6()
        destination.sin6_family = sa_family_t(AF_INET6)
        destination.sin6_port = port.bigEndian
        destination.sin6_scope_id = index
        inet_pton(AF_INET6, address, &destination.sin6_addr)
        let sent = withUnsafePointer(to: &destination) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                bytes.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, 0, target, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        guard sent == bytes.count else { throw SystemError("sendto \(address)", code: errno) }
    }

    /// Waits up to `timeout` milliseconds for one datagram; returns it with its source address, or `nil`.
    func receive(timeoutMilliseconds timeout: Int32) -> (bytes: [UInt8], source: String)? {
        var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
        guard poll(&descriptors, 1, timeout) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var source = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = withUnsafeMutablePointer(to: &source) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(descriptor, &buffer, buffer.count, 0, $0, &length) }
        }
        guard count >= 0 else { return nil }
        var text = [CChar](repeating: 0, count: 64)
        inet_ntop(AF_INET, &source.sin_addr, &text, 64)
        return (Array(buffer.prefix(count)), String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
