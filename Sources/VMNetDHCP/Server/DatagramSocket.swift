import Glibc
import VMNetSystem

/// A datagram as received: its bytes, its sender, and the interface it came in on when the kernel said.
struct Datagram {
    var bytes: [UInt8]
    var source: SocketAddress
    var interfaceIndex: Int32?
}

/// A UDP socket bound to one interface (`SO_BINDTODEVICE`) that reports each datagram's ingress interface.
///
/// Without `SO_REUSEADDR`, sockets on different interfaces share the port while a second server on the same
/// interface fails to bind instead of silently splitting the clients' packets with the first.
///
/// Every socket call of the servers goes through here. The socket keeps the network namespace it was created in,
/// whichever thread uses it afterwards.
struct DatagramSocket: Sendable {
    let descriptor: Int32
    /// The index of the bound interface in the socket's namespace.
    let interfaceIndex: Int32

    /// Opens `0.0.0.0:port` on `interface`, allowed to broadcast, in the calling thread's namespace.
    static func ipv4(interface: String, port: UInt16) throws(DHCPServerError) -> DatagramSocket {
        let socket = try open(family: AF_INET, interface: interface)
        do {
            try socket.enable(SOL_SOCKET, SO_BROADCAST, "SO_BROADCAST")
            try socket.enable(Int32(IPPROTO_IP), IP_PKTINFO, "IP_PKTINFO")
            try socket.bind(.ipv4(.any, port: port))
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    /// Opens `[::]:port` on `interface` and joins `group` there, in the calling thread's namespace.
    static func ipv6(interface: String, port: UInt16, group: IPv6Address) throws(DHCPServerError) -> DatagramSocket {
        let socket = try open(family: AF_INET6, interface: interface)
        do {
            try socket.enable(Int32(IPPROTO_IPV6), IPV6_V6ONLY, "IPV6_V6ONLY")
            try socket.enable(Int32(IPPROTO_IPV6), IPV6_RECVPKTINFO, "IPV6_RECVPKTINFO")
            try socket.bind(.ipv6(IPv6Address(octets: [UInt8](repeating: 0, count: 16))!, port: port, scope: 0))
            var membership = ipv6_mreq()
            withUnsafeMutableBytes(of: &membership.ipv6mr_multiaddr) { $0.copyBytes(from: group.octets) }
            membership.ipv6mr_interface = UInt32(socket.interfaceIndex)
            try socket.set(Int32(IPPROTO_IPV6), IPV6_JOIN_GROUP, withUnsafeBytes(of: membership) { Array($0) },
                           "IPV6_JOIN_GROUP \(group)")
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    private static func open(family: Int32, interface: String) throws(DHCPServerError) -> DatagramSocket {
        let index = if_nametoindex(interface)
        guard index != 0 else { throw .noSuchInterface(interface) }
        let descriptor = Glibc.socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .system(SystemError("socket", code: errno)) }
        let socket = DatagramSocket(descriptor: descriptor, interfaceIndex: Int32(index))
        do {
            try socket.set(SOL_SOCKET, SO_BINDTODEVICE, Array(interface.utf8) + [0], "SO_BINDTODEVICE \(interface)")
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    /// Receives one datagram without blocking; `nil` when none is waiting or the receive failed.
    func receive(into buffer: inout [UInt8]) -> Datagram? {
        var storage = sockaddr_storage()
        var control = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { payload in
            control.withUnsafeMutableBytes { control in
                withUnsafeMutablePointer(to: &storage) { storage in
                    var vector = iovec(iov_base: payload.baseAddress, iov_len: payload.count)
                    return withUnsafeMutablePointer(to: &vector) { vector in
                        var header = msghdr()
                        header.msg_name = UnsafeMutableRawPointer(storage)
                        header.msg_namelen = socklen_t(MemoryLayout<sockaddr_storage>.size)
                        header.msg_iov = vector
                        header.msg_iovlen = 1
                        header.msg_control = control.baseAddress
                        header.msg_controllen = control.count
                        let count = recvmsg(descriptor, &header, Int32(MSG_DONTWAIT))
                        return (count, header.msg_controllen)
                    }
                }
            }
        }
        guard count.0 >= 0, let source = SocketAddress(storage) else { return nil }
        return Datagram(
            bytes: Array(buffer.prefix(count.0)), source: source,
            interfaceIndex: Self.ingressInterface(control: control.prefix(count.1))
        )
    }

    /// Sends `bytes` to `destination` out of the bound interface.
    func send(_ bytes: [UInt8], to destination: SocketAddress) throws(SystemError) {
        let sent = destination.withSockaddr { address, length in
            bytes.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, 0, address, length) }
        }
        guard sent >= 0 else { throw SystemError("sendto \(destination)", code: errno) }
    }

    func close() {
        _ = Glibc.close(descriptor)
    }

    private func enable(_ level: Int32, _ option: Int32, _ name: String) throws(DHCPServerError) {
        try set(level, option, withUnsafeBytes(of: Int32(1)) { Array($0) }, name)
    }

    private func set(_ level: Int32, _ option: Int32, _ value: [UInt8], _ name: String) throws(DHCPServerError) {
        let rc = value.withUnsafeBytes { setsockopt(descriptor, level, option, $0.baseAddress, socklen_t($0.count)) }
        guard rc == 0 else { throw .system(SystemError("setsockopt \(name)", code: errno)) }
    }

    private func bind(_ address: SocketAddress) throws(DHCPServerError) {
        let rc = address.withSockaddr { Glibc.bind(descriptor, $0, $1) }
        guard rc == 0 else { throw .system(SystemError("bind \(address)", code: errno)) }
    }

    /// Reads the ingress interface from an `IP_PKTINFO` or `IPV6_PKTINFO` control message.
    ///
    /// The `CMSG_*` macros are not visible to Swift, so the headers are walked by hand: each is a `cmsghdr`
    /// followed by its data, padded to the alignment of `size_t`.
    private static func ingressInterface(control: ArraySlice<UInt8>) -> Int32? {
        let bytes = Array(control)
        let headerSize = MemoryLayout<cmsghdr>.size
        let alignment = MemoryLayout<Int>.size
        var offset = 0
        while offset + headerSize <= bytes.count {
            let header = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: cmsghdr.self) }
            let length = Int(header.cmsg_len)
            guard length >= headerSize, offset + length <= bytes.count else { return nil }
            let data = offset + headerSize
            if header.cmsg_level == Int32(IPPROTO_IP), header.cmsg_type == IP_PKTINFO,
               length - headerSize >= MemoryLayout<in_pktinfo>.size {
                return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: data, as: in_pktinfo.self) }.ipi_ifindex
            }
            // struct in6_pktinfo { struct in6_addr ipi6_addr; unsigned int ipi6_ifindex; }
            if header.cmsg_level == Int32(IPPROTO_IPV6), header.cmsg_type == IPV6_PKTINFO, length - headerSize >= 20 {
                return Int32(bitPattern: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: data + 16, as: UInt32.self) })
            }
            offset += (length + alignment - 1) / alignment * alignment
        }
        return nil
    }
}
