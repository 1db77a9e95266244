import CNFTables
import Glibc

/// A netfilter netlink socket (libmnl) in the calling thread's network namespace: sends nf_tables batches and
/// requests, and reads the kernel's answers.
///
/// The socket belongs to the namespace it was opened in, whatever thread uses it later; `NamespaceHandles` opens
/// it on the namespace's thread.
final class NFTSocket {
    private let socket: OpaquePointer
    private let portID: UInt32
    private var sequence: UInt32
    /// What a refusal of the whole batch (no permission, no nf_tables, a failed commit) is reported as.
    static let commitOperation = "commit the batch"
    /// What a refused generation request is reported as.
    static let generationOperation = "read the nf_tables generation"
    /// Bytes read per `recvfrom`: one dump reply page, or many acknowledgements.
    private static let receiveSize = 1 << 16

    /// Opens and binds the socket (`mnl_socket_open(NETLINK_NETFILTER)`, `mnl_socket_bind`).
    init() throws(NFTablesError) {
        guard let socket = mnl_socket_open(NETLINK_NETFILTER) else {
            throw .socket(operation: "open a netfilter netlink socket", code: errno)
        }
        guard mnl_socket_bind(socket, 0, pid_t(MNL_SOCKET_AUTOPID)) == 0 else {
            let code = errno
            mnl_socket_close(socket)
            throw .socket(operation: "bind the netfilter netlink socket", code: code)
        }
        self.socket = socket
        portID = mnl_socket_get_portid(socket)
        sequence = UInt32(truncatingIfNeeded: time(nil))
        var on: Int32 = 1
        // Refusals then carry the refused message's header only, not the whole message back.
        _ = mnl_socket_setsockopt(socket, NETLINK_CAP_ACK, &on, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        _ = setsockopt(mnl_socket_get_fd(socket), SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { mnl_socket_close(socket) }

    /// A new batch numbered after every message sent so far.
    func batch(expectedMessages: Int = 16) -> NFTBatch {
        let batch = NFTBatch(sequence: sequence, expectedMessages: expectedMessages)
        return batch
    }

    /// Sends `batch` as one transaction and waits for the kernel's verdict; throws the first refusal, in which
    /// case the kernel changed nothing.
    func commit(_ batch: NFTBatch) throws(NFTablesError) {
        let bytes = batch.finish()
        sequence = batch.lastSequence &+ 2
        // The whole batch must fit in the socket's send buffer; CAP_NET_ADMIN may raise it past the default.
        var size = Int32(clamping: bytes.count + 4096)
        _ = setsockopt(mnl_socket_get_fd(socket), SOL_SOCKET, SO_SNDBUFFORCE, &size, socklen_t(MemoryLayout<Int32>.size))
        guard mnl_socket_sendto(socket, bytes.baseAddress, bytes.count) == bytes.count else {
            throw .socket(operation: "send a batch of \(batch.count) messages", code: errno)
        }
        var refusal: NFTablesError?
        var done = false
        while !done {
            try receive { header in
                guard header.pointee.nlmsg_type == UInt16(NLMSG_ERROR) else { return true }
                let sequence = header.pointee.nlmsg_seq
                let code = -Self.errorCode(header)
                if code != 0, refusal == nil {
                    let operation = batch.operation(sequence) ?? Self.commitOperation
                    refusal = .refused(operation: operation, code: code)
                }
                // The batch's begin answers for the whole batch (no permission, no nf_tables, a failed commit).
                if sequence == batch.lastSequence || (sequence == batch.firstSequence && code != 0) { done = true }
                return !done
            }
        }
        if let refusal { throw refusal }
    }

    /// Sends one request that `build` writes (given the buffer and its sequence number) and hands each message of
    /// the answer to `each`, until the kernel says done (a dump) or acknowledges it.
    func request(
        _ operation: String, build: (UnsafeMutablePointer<CChar>, UInt32) -> UnsafeMutablePointer<nlmsghdr>,
        each: (UnsafePointer<nlmsghdr>) -> Void
    ) throws(NFTablesError) {
        sequence &+= 1
        let mine = sequence
        var message = [CChar](repeating: 0, count: 4096)
        let length = message.withUnsafeMutableBufferPointer { Int(build($0.baseAddress!, mine).pointee.nlmsg_len) }
        guard mnl_socket_sendto(socket, message, length) == length else {
            throw .socket(operation: operation, code: errno)
        }
        var failure: NFTablesError?
        var done = false
        while !done {
            try receive { header in
                guard header.pointee.nlmsg_seq == mine else { return true }
                switch Int32(header.pointee.nlmsg_type) {
                case NLMSG_DONE:
                    done = true
                case NLMSG_ERROR:
                    let code = -Self.errorCode(header)
                    if code != 0 { failure = .refused(operation: operation, code: code) }
                    done = true
                default:
                    each(UnsafePointer(header))
                }
                return !done
            }
        }
        if let failure { throw failure }
    }

    /// Reads one datagram and hands its messages to `body` while it returns true.
    private func receive(_ body: (UnsafeMutablePointer<nlmsghdr>) throws(NFTablesError) -> Bool) throws(NFTablesError) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.receiveSize, alignment: 8)
        defer { buffer.deallocate() }
        let count = mnl_socket_recvfrom(socket, buffer, Self.receiveSize)
        guard count > 0 else {
            throw .socket(operation: "read the kernel's answer", code: count == 0 ? EPIPE : errno)
        }
        var offset = 0
        while offset + MemoryLayout<nlmsghdr>.size <= count {
            let header = (buffer + offset).assumingMemoryBound(to: nlmsghdr.self)
            let length = Int(header.pointee.nlmsg_len)
            guard length >= MemoryLayout<nlmsghdr>.size, offset + length <= count else {
                throw .malformedReply("a message of \(length) bytes at \(offset) of \(count)")
            }
            guard header.pointee.nlmsg_pid == 0 || header.pointee.nlmsg_pid == portID else {
                offset += (length + 3) & ~3
                continue
            }
            guard try body(header) else { return }
            offset += (length + 3) & ~3
        }
    }

    /// The `error` of an `NLMSG_ERROR` message (negative errno, 0 for an acknowledgement).
    private static func errorCode(_ header: UnsafeMutablePointer<nlmsghdr>) -> Int32 {
        UnsafeRawPointer(header).load(fromByteOffset: MemoryLayout<nlmsghdr>.size, as: Int32.self)
    }
}
