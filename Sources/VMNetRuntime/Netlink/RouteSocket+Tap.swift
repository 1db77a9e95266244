import CVMNetSys
import CNetlink
import Glibc

extension RouteSocket {
    /// Creates a persistent tap device owned by `owner`:`group`, as KubeVirt's `virt-chroot create-tap` does.
    ///
    /// The flags are libvirt's (`IFF_TAP | IFF_NO_PI | IFF_VNET_HDR`, plus `IFF_MULTI_QUEUE` when `queues` > 1),
    /// so libvirt can open the device later: the kernel only insists that `IFF_MULTI_QUEUE` matches.
    /// A tun device is made in the namespace of the thread that opens `/dev/net/tun`, so this must run on a
    /// thread inside the socket's namespace; it throws `.wrongNamespace` otherwise.
    ///
    /// - Parameters:
    ///   - queues: the number of queues the VM will open; 0 and 1 mean a single-queue device.
    ///   - owner: the user allowed to open the device (`TUNSETOWNER`), nil for none.
    ///   - group: the group allowed to open the device (`TUNSETGROUP`), nil for none.
    public func createTap(named name: String, queues: Int = 1, owner: uid_t? = nil, group: gid_t? = nil) throws(NetlinkError) {
        let operation = "create tap \(name)"
        try validate(name: name, operation)
        guard (0...256).contains(queues) else {
            throw .invalidArgument(operation: operation, reason: "the queue count must be between 1 and 256")
        }
        try requireCallerInNamespace(operation)
        let rc = vmnet_tap_create(name, UInt32(queues), owner.map { Int64($0) } ?? -1, group.map { Int64($0) } ?? -1)
        if rc < 0 {
            throw .refused(operation: operation, code: Code(rawValue: nl_syserr2nlerr(-rc)), reason: String(cString: strerror(-rc)))
        }
    }
}
