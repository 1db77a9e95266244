import CNFTables
import Glibc

/// One nf_tables transaction: messages between `NFNL_MSG_BATCH_BEGIN` and `NFNL_MSG_BATCH_END` in one buffer, which
/// the kernel applies all or nothing when `NFTSocket.commit` sends it.
///
/// Only the last message asks for an acknowledgement: the kernel reports every refused message anyway, so a
/// thousand-rule batch gets one reply, not a thousand.
final class NFTBatch {
    /// Room kept free for the next message: libnftnl writes attributes without a bound, and one NAT rule, a chain
    /// or a table takes well under a kilobyte.
    private static let headroom = 4096

    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private(set) var length = 0
    /// The sequence number of `NFNL_MSG_BATCH_BEGIN`; each message takes the next.
    let firstSequence: UInt32
    private(set) var lastSequence: UInt32
    private var lastMessage: Int?
    /// What each message does, in order, to name the one the kernel refuses; said only when one is.
    private var operations: [() -> String] = []
    private var finished = false

    /// An empty batch whose messages are numbered from `sequence`.
    init(sequence: UInt32, expectedMessages: Int = 16) {
        capacity = max(Self.headroom * 2, expectedMessages * 512 + Self.headroom)
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        firstSequence = sequence
        lastSequence = sequence
        reserve()
        let header = nftnl_batch_begin(current, sequence)!
        length += Int(header.pointee.nlmsg_len)
    }

    deinit { buffer.deallocate() }

    /// Whether the batch holds no message besides its begin.
    var isEmpty: Bool { lastMessage == nil }

    /// Adds one message of `type` (`NFT_MSG_*`) for `family`; `payload` writes its attributes.
    func add(
        _ type: UInt32, family: UInt16, flags: Int32 = 0, operation: @escaping @autoclosure () -> String,
        payload: (UnsafeMutablePointer<nlmsghdr>) -> Void
    ) {
        precondition(!finished, "a batch takes no message after it is finished")
        reserve()
        lastSequence &+= 1
        let header = nftnl_nlmsg_build_hdr(current, UInt16(type), family, UInt16(flags), lastSequence)!
        payload(header)
        lastMessage = length
        operations.append(operation)
        length += Self.aligned(Int(header.pointee.nlmsg_len))
    }

    /// Closes the batch: the last message asks for an acknowledgement, and `NFNL_MSG_BATCH_END` follows.
    func finish() -> UnsafeRawBufferPointer {
        if !finished {
            if let lastMessage {
                let header = (buffer + lastMessage).assumingMemoryBound(to: nlmsghdr.self)
                header.pointee.nlmsg_flags |= UInt16(NLM_F_ACK)
            }
            reserve()
            let end = nftnl_batch_end(current, lastSequence &+ 1)!
            length += Int(end.pointee.nlmsg_len)
            finished = true
        }
        return UnsafeRawBufferPointer(start: buffer, count: length)
    }

    /// The number of messages besides begin and end.
    var count: Int { operations.count }

    /// What the message numbered `sequence` does; nil for the begin, the end, or a number not in the batch.
    func operation(_ sequence: UInt32) -> String? {
        let position = Int(sequence &- firstSequence) - 1
        return operations.indices.contains(position) ? operations[position]() : nil
    }

    private var current: UnsafeMutablePointer<CChar> {
        (buffer + length).assumingMemoryBound(to: CChar.self)
    }

    private func reserve() {
        guard capacity - length < Self.headroom else { return }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 8)
        grown.copyMemory(from: buffer, byteCount: length)
        buffer.deallocate()
        buffer = grown
        capacity *= 2
    }

    private static func aligned(_ length: Int) -> Int { (length + 3) & ~3 }
}
